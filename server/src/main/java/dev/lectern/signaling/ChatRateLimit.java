package dev.lectern.signaling;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * {@code LECTERN_CHAT_RATE_LIMIT} messages per user per workshop in any sliding 10 s window (default
 * 20; 0 = off). Kept per node: with several nodes a user's sockets on different nodes each get the limit.
 */
@Component
class ChatRateLimit {

    static final Duration WINDOW = Duration.ofSeconds(10);
    private static final int SWEEP_EVERY = 4096;

    private final int perWindow;
    private final Clock clock;
    private final Map<Key, Deque<Long>> sent = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    ChatRateLimit(SignalingSettings settings, Clock clock) {
        this.perWindow = settings.chatRateLimit();
        this.clock = clock;
    }

    private record Key(long workshopId, long userId) {}

    int perWindow() {
        return perWindow;
    }

    /** Counts a message; false if the user already sent the limit within the window. */
    boolean tryAcquire(long workshopId, long userId) {
        if (perWindow <= 0) {
            return true;
        }
        long now = clock.millis();
        boolean[] allowed = {false};
        sent.compute(new Key(workshopId, userId), (key, times) -> {
            Deque<Long> recent = times == null ? new ArrayDeque<>() : times;
            dropOld(recent, now);
            if (recent.size() < perWindow) {
                recent.addLast(now);
                allowed[0] = true;
            }
            return recent;
        });
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        return allowed[0];
    }

    /** Forgets users who have been quiet for a whole window, so the map does not grow forever. */
    private void sweep(long now) {
        for (Key key : sent.keySet()) {
            sent.computeIfPresent(key, (k, times) -> {
                dropOld(times, now);
                return times.isEmpty() ? null : times;
            });
        }
    }

    private static void dropOld(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - WINDOW.toMillis()) {
            times.pollFirst();
        }
    }
}
