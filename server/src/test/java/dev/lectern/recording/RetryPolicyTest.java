package dev.lectern.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lectern.recording.RetryPolicy.Cause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Agora's recommended schedules (reference/agora.md §3, best practices). */
class RetryPolicyTest {

    final RetryPolicy agora = RetryPolicy.agoraDefaults();

    @Test
    void transportFailuresBackOffOneThreeSixSeconds() {
        assertThat(schedule(Operation.ACQUIRE, Cause.TRANSPORT)).containsExactly(seconds(1, 3, 6));
    }

    @Test
    void requestNotCompletedRepeatsAfterThreeThenSixSeconds() {
        assertThat(schedule(Operation.START, Cause.REQUEST_NOT_COMPLETED)).containsExactly(seconds(3, 6));
    }

    @Test
    void startServerErrorsUseTheShorterStartSchedule() {
        assertThat(schedule(Operation.START, Cause.SERVER_ERROR)).containsExactly(seconds(3, 6, 9));
        assertThat(schedule(Operation.QUERY, Cause.SERVER_ERROR)).containsExactly(seconds(5, 10, 15, 30));
        assertThat(schedule(Operation.STOP, Cause.SERVER_ERROR)).containsExactly(seconds(5, 10, 15, 30));
    }

    @Test
    void notFoundDuringFailoverBacksOffFiveTenFifteenSeconds() {
        assertThat(schedule(Operation.STOP, Cause.NOT_FOUND)).containsExactly(seconds(5, 10, 15));
    }

    @Test
    void rateLimitBacksOffExponentially() {
        assertThat(schedule(Operation.ACQUIRE, Cause.RATE_LIMITED)).containsExactly(seconds(1, 2, 4));
    }

    @Test
    void emptyScheduleMeansNoRetry() {
        RetryPolicy never = RetryPolicy.uniform(List.of());

        assertThat(never.backoff(Operation.START, Cause.TRANSPORT, 0)).isEmpty();
    }

    @Test
    void refusesNegativeBackoffs() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RetryPolicy.uniform(List.of(Duration.ofSeconds(-1))))
                .withMessageContaining("backoffs");
    }

    private List<Duration> schedule(Operation operation, Cause cause) {
        List<Duration> waits = new ArrayList<>();
        for (int retry = 0; retry < 10; retry++) {
            agora.backoff(operation, cause, retry).ifPresent(waits::add);
        }
        return waits;
    }

    private static Duration[] seconds(long... values) {
        return Arrays.stream(values).mapToObj(Duration::ofSeconds).toArray(Duration[]::new);
    }
}
