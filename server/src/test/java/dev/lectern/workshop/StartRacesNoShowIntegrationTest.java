package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The race the design exists for: a host presses start just as the no-show job decides the workshop
 * was abandoned. Exactly one of them wins, every time, and the row shows the winner's side effects.
 */
class StartRacesNoShowIntegrationTest extends IntegrationTest {

    private static final int TRIALS = 200;

    @Autowired
    Lifecycle lifecycle;

    @Autowired
    JdbcClient jdbc;

    @Test
    void startAndNoShowJobNeverBothWin() throws Exception {
        User host = newUser("Host");
        int live = 0;
        int cancelled = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int trial = 0; trial < TRIALS; trial++) {
                User attendee = newUser("Attendee");
                long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(1)));
                api.post("/api/workshops/" + id + "/rsvp", attendee.token(), null);
                // past start + grace: the no-show job considers it abandoned
                clock.advance(Duration.ofMinutes(17));

                CyclicBarrier both = new CyclicBarrier(2);
                var start = CompletableFuture.supplyAsync(
                        () -> {
                            await(both);
                            return api.post("/api/workshops/" + id + "/start", host.token(), null);
                        },
                        pool);
                // the start travels through HTTP; a random head start of 0-3 ms for it makes both sides win often
                long jobDelayMicros =
                        java.util.concurrent.ThreadLocalRandom.current().nextLong(0, 3000);
                var job = CompletableFuture.supplyAsync(
                        () -> {
                            await(both);
                            java.util.concurrent.locks.LockSupport.parkNanos(jobDelayMicros * 1000);
                            return lifecycle.cancelIfNoShow(id);
                        },
                        pool);
                Api.Response started = start.get();
                boolean jobCancelled = job.get();

                String status = jdbc.sql("SELECT status FROM workshops WHERE id = ?")
                        .param(id)
                        .query(String.class)
                        .single();
                int cancelNotices = jdbc.sql(
                                "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND type = 'workshop_cancelled'")
                        .param(attendee.id())
                        .query(Integer.class)
                        .single();
                if (started.status() == 200) {
                    assertThat(jobCancelled).as("trial %d: both won", trial).isFalse();
                    assertThat(status).isEqualTo("live");
                    assertThat(started.json().get("startedAt").isNull()).isFalse();
                    assertThat(cancelNotices).isZero();
                    live++;
                } else {
                    assertThat(started.status())
                            .as("trial %d: %s", trial, started)
                            .isEqualTo(409);
                    assertThat(started.code()).isEqualTo("invalid_transition");
                    assertThat(jobCancelled).as("trial %d: neither won", trial).isTrue();
                    assertThat(status).isEqualTo("cancelled");
                    assertThat(cancelNotices).isEqualTo(1);
                    cancelled++;
                }
            }
        }
        assertThat(live + cancelled).isEqualTo(TRIALS);
        assertThat(live)
                .as("the start side must win sometimes, or the race was not exercised")
                .isPositive();
        assertThat(cancelled)
                .as("the job side must win sometimes, or the race was not exercised")
                .isPositive();
        System.out.printf("start vs no-show over %d trials: start won %d, job won %d%n", TRIALS, live, cancelled);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
