package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChatRateLimitTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void allowsTheLimitPerSlidingWindowPerUserAndWorkshop() {
        ChatRateLimit limit = new ChatRateLimit(new SignalingSettings(0, null, 3, 0), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limit.tryAcquire(1, 10)).isTrue();
        }
        assertThat(limit.tryAcquire(1, 10)).isFalse();
        assertThat(limit.tryAcquire(1, 11)).isTrue(); // another user
        assertThat(limit.tryAcquire(2, 10)).isTrue(); // another workshop
        clock.advance(Duration.ofSeconds(9));
        assertThat(limit.tryAcquire(1, 10)).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(limit.tryAcquire(1, 10)).isTrue();
    }

    @Test
    void zeroTurnsTheLimitOff() {
        ChatRateLimit limit = new ChatRateLimit(new SignalingSettings(0, null, 0, 0), clock);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limit.tryAcquire(1, 10)).isTrue();
        }
    }
}
