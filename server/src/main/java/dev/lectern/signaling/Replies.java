package dev.lectern.signaling;

import dev.lectern.socketio.AckRequest;
import dev.lectern.socketio.SocketIOClient;
import dev.lectern.system.DatabaseFaults;
import dev.lectern.system.LecternException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Answers to client events, and the one place a failure becomes a Socket.IO error code:
 * {@code {ok: true, ...}} or {@code {ok: false, error: {code, message}}} through the ack, or
 * {@code workshop:error {event, code, message}} to the caller alone when it gave no callback.
 */
@Component
class Replies {

    static final String ERROR_EVENT = "workshop:error";

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    /** A refusal as the client sees it. */
    record Failure(String code, String message) {}

    void ok(AckRequest ack, Map<String, ?> fields) {
        if (ack.isAckRequested()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ok", true);
            body.putAll(fields);
            ack.sendAckData(body);
        }
    }

    void fail(String event, SocketIOClient client, AckRequest ack, Throwable error) {
        Failure f = failure(error);
        if (ack.isAckRequested()) {
            ack.sendAckData(Map.of("ok", false, "error", Map.of("code", f.code(), "message", f.message())));
        } else {
            client.sendEvent(ERROR_EVENT, new Outbound.ErrorEvent(event, f.code(), f.message()));
        }
    }

    /** The contract's socket codes: the REST codes for state conflicts all read {@code invalid_state}. */
    static Failure failure(Throwable error) {
        if (error instanceof LecternException e) {
            String code = switch (e.code()) {
                case INVALID_PAYLOAD, PAYLOAD_TOO_LARGE -> "invalid_payload";
                case NOT_FOUND -> "not_found";
                case FORBIDDEN, UNAUTHORIZED -> "forbidden";
                case BANNED -> "banned";
                case RATE_LIMITED -> "rate_limited";
                case INVALID_STATE, INVALID_TRANSITION, FULL, CONFLICT -> "invalid_state";
                case UNAVAILABLE -> "unavailable";
                case WAITING -> "waiting";
                case RTC_NOT_CONFIGURED, INTERNAL -> "internal";
            };
            return new Failure(code, e.getMessage());
        }
        if (DatabaseFaults.isUnreachable(error)) {
            log.warn("database unreachable in a socket event: {}", error.getMessage());
            return new Failure("unavailable", "the database is unreachable; retry shortly");
        }
        if (error instanceof DataIntegrityViolationException || error instanceof PessimisticLockingFailureException) {
            return new Failure("invalid_state", "the workshop is busy or changed meanwhile; retry");
        }
        if (error instanceof DataAccessException) {
            log.warn("database failure in a socket event", error);
            return new Failure("internal", "the server could not complete this; retry");
        }
        log.error("unexpected failure in a socket event", error);
        return new Failure("internal", "internal error");
    }
}
