package dev.lectern.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When to try again after a failed attempt: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then every 3 h,
 * never past the message's expiry; an attempt that fails at or after the expiry drops the message.
 * About 14 attempts in 24 h; the first retry is well within the contract's 15 s.
 */
final class Backoff {

    static final List<Duration> DELAYS = List.of(
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(3));

    private Backoff() {}

    /** After failed attempt number {@code attempt} (1 = the first) ended at {@code now}; null: drop it. */
    static Instant next(int attempt, Instant now, Instant expiresAt) {
        if (!now.isBefore(expiresAt)) {
            return null;
        }
        Instant next = now.plus(DELAYS.get(Math.min(attempt, DELAYS.size()) - 1));
        return next.isAfter(expiresAt) ? expiresAt : next;
    }
}
