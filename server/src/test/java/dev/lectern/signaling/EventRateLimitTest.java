package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.identity.CurrentUser;
import dev.lectern.socketio.SocketIOClient;
import dev.lectern.socketio.TestSockets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventRateLimitTest {

    private final SteppedClock clock = new SteppedClock();
    private final Sessions sessions = new Sessions();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void noTenSecondWindowEverHoldsMoreThanTheLimit() {
        EventRateLimit limit = limit(60);
        SocketIOClient socket = connected();
        int admitted = 0;
        for (int i = 0; i < 150; i++) {
            admitted += limit.tryAcquire(socket) ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(60);
        clock.advance(Duration.ofMillis(10_500));
        assertThat(limit.tryAcquire(socket))
                .as("10.5 s later the burst still counts")
                .isFalse();
        clock.advance(Duration.ofMillis(500));
        assertThat(limit.tryAcquire(socket)).as("11 s later it has gone").isTrue();

        // a steady client: 5 events a second stays under 60 per 10 s forever
        SocketIOClient steady = connected();
        for (int second = 0; second < 30; second++) {
            for (int i = 0; i < 5; i++) {
                assertThat(limit.tryAcquire(steady)).as("second %d", second).isTrue();
            }
            clock.advance(Duration.ofSeconds(1));
        }
        // and a clock set back does not reopen the window
        SocketIOClient back = connected();
        for (int i = 0; i < 60; i++) {
            limit.tryAcquire(back);
        }
        clock.advance(Duration.ofSeconds(-30));
        assertThat(limit.tryAcquire(back)).isFalse();
    }

    @Test
    void socketsAreCountedApartAndForgottenOnDisconnect() {
        EventRateLimit limit = limit(2);
        SocketIOClient a = connected();
        SocketIOClient b = connected();
        assertThat(limit.tryAcquire(a)).isTrue();
        assertThat(limit.tryAcquire(a)).isTrue();
        assertThat(limit.tryAcquire(a)).isFalse();
        assertThat(limit.tryAcquire(b)).isTrue();
        assertThat(limit.tracked()).isEqualTo(2);
        limit.forget(a);
        sessions.remove(a);
        assertThat(limit.tracked()).isEqualTo(1);
        // a socket that is not connected (any more) leaves nothing behind
        limit.tryAcquire(a);
        assertThat(limit.tracked()).isEqualTo(1);
    }

    @Test
    void zeroTurnsTheLimitOff() {
        EventRateLimit limit = limit(0);
        SocketIOClient socket = connected();
        for (int i = 0; i < 10_000; i++) {
            assertThat(limit.admit("workshop:chat", socket, null)).isTrue();
        }
        assertThat(limit.tracked()).isZero();
    }

    /** Time that moves only when told, from a whole second: the limit counts whole seconds. */
    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private EventRateLimit limit(int perWindow) {
        return new EventRateLimit(new SignalingSettings(0, null, 0, perWindow), clock, sessions, new Replies(), meters);
    }

    /** A socket (only its identity is used), registered as connected. */
    private SocketIOClient connected() {
        SocketIOClient client = TestSockets.detached();
        sessions.put(client, new CurrentUser(1, "Ada", null));
        return client;
    }
}
