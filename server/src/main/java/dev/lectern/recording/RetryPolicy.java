package dev.lectern.recording;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Backoff schedules from Agora's integration best practices (reference/agora.md §3). Each schedule
 * lists the waits before successive retries for one cause, so its size is the number of retries;
 * an empty list means "do not retry". Causes are counted separately within one call.
 *
 * @param transport connection failures and timeouts (Agora: 1 s, 3 s, 6 s)
 * @param requestNotCompleted 206 with code 65: repeat the same request (3 s, 6 s)
 * @param startServerError 5xx from start: repeat with the same parameters (3 s, 6 s, 9 s)
 * @param serverError 5xx from the other calls (5 s, 10 s, 15 s, 30 s)
 * @param notFound 404 from query/stop, seen while Agora fails a recorder over (5 s, 10 s, 15 s)
 * @param rateLimited 429, the 10-requests-per-second per App ID limit (our choice: 1 s, 2 s, 4 s)
 */
public record RetryPolicy(
        List<Duration> transport,
        List<Duration> requestNotCompleted,
        List<Duration> startServerError,
        List<Duration> serverError,
        List<Duration> notFound,
        List<Duration> rateLimited) {

    enum Cause {
        TRANSPORT,
        REQUEST_NOT_COMPLETED,
        SERVER_ERROR,
        NOT_FOUND,
        RATE_LIMITED
    }

    public RetryPolicy {
        transport = copy(transport, "transport");
        requestNotCompleted = copy(requestNotCompleted, "requestNotCompleted");
        startServerError = copy(startServerError, "startServerError");
        serverError = copy(serverError, "serverError");
        notFound = copy(notFound, "notFound");
        rateLimited = copy(rateLimited, "rateLimited");
    }

    public static RetryPolicy agoraDefaults() {
        return new RetryPolicy(
                seconds(1, 3, 6),
                seconds(3, 6),
                seconds(3, 6, 9),
                seconds(5, 10, 15, 30),
                seconds(5, 10, 15),
                seconds(1, 2, 4));
    }

    /** The same schedule for every cause: handy in tests with millisecond backoffs. */
    public static RetryPolicy uniform(List<Duration> backoffs) {
        return new RetryPolicy(backoffs, backoffs, backoffs, backoffs, backoffs, backoffs);
    }

    /** The wait before the next retry, or empty when this cause has used up its schedule. */
    Optional<Duration> backoff(Operation operation, Cause cause, int retriesSoFar) {
        List<Duration> schedule = switch (cause) {
            case TRANSPORT -> transport;
            case REQUEST_NOT_COMPLETED -> requestNotCompleted;
            case SERVER_ERROR -> operation == Operation.START ? startServerError : serverError;
            case NOT_FOUND -> notFound;
            case RATE_LIMITED -> rateLimited;
        };
        return retriesSoFar < schedule.size() ? Optional.of(schedule.get(retriesSoFar)) : Optional.empty();
    }

    private static List<Duration> copy(List<Duration> schedule, String name) {
        Objects.requireNonNull(schedule, name + " == null");
        schedule.forEach(wait -> {
            if (wait == null || wait.isNegative()) {
                throw new IllegalArgumentException(name + " backoffs must be zero or positive");
            }
        });
        return List.copyOf(schedule);
    }

    private static List<Duration> seconds(long... values) {
        return Arrays.stream(values).mapToObj(Duration::ofSeconds).toList();
    }
}
