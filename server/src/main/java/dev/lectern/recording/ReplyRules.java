package dev.lectern.recording;

import dev.lectern.recording.RetryPolicy.Cause;
import java.util.Optional;

/** Which Agora replies end a call normally, which are worth repeating, and (by elimination) which fail it. */
final class ReplyRules {

    static final int ALREADY_STARTED = 7;
    static final int REQUEST_NOT_COMPLETED = 65;
    static final int NO_RECORDED_DATA = 435;

    private ReplyRules() {}

    /**
     * 200, plus two non-errors: start's 201/7 (a recording already runs for this resource, so starting
     * again would only fail) and stop's 206/435 (nobody published, so there is nothing to upload).
     */
    static boolean accepted(Operation operation, AgoraReply reply) {
        return reply.status() == 200
                || (operation == Operation.START && reply.is(201, ALREADY_STARTED))
                || (operation == Operation.STOP && reply.is(206, NO_RECORDED_DATA));
    }

    /** Other 4xx mean our request is wrong, and repeating it cannot help. */
    static Optional<Cause> retryCause(Operation operation, AgoraReply reply) {
        int status = reply.status();
        if (reply.is(206, REQUEST_NOT_COMPLETED)) {
            return Optional.of(Cause.REQUEST_NOT_COMPLETED);
        }
        // During a recorder failover query/stop see 404 for up to ~90 s; for acquire/start a 404 is a wrong URL.
        if (status == 404 && (operation == Operation.QUERY || operation == Operation.STOP)) {
            return Optional.of(Cause.NOT_FOUND);
        }
        if (status == 429) {
            return Optional.of(Cause.RATE_LIMITED);
        }
        if (status >= 500 && status <= 599) {
            return Optional.of(Cause.SERVER_ERROR);
        }
        return Optional.empty();
    }
}
