package dev.lectern.signaling;

import dev.lectern.socketio.AckRequest;
import dev.lectern.socketio.SocketIOClient;
import dev.lectern.system.LecternException.RateLimited;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * {@code LECTERN_EVENT_RATE_LIMIT} client events per socket per 10 s, every event counted (chat,
 * hands, moderation, the host's too; 0 = off). netty-socketio drops events without a listener before
 * our code sees them; a transport that hands those over calls {@link #admit} for them too. It is checked on
 * the Netty thread as an event arrives, before it is parsed or queued, so an excess event costs a
 * map lookup and its refusal: a flood never reaches a workshop's queue or the database.
 *
 * <p>Per socket it keeps 11 one-second counters (a ring), not a timestamp per event: O(1) memory
 * whatever the limit. An event is admitted when the events of the current second and the ten
 * before it number fewer than the limit; that window spans 10 to 11 s, so no 10 s window ever holds
 * more than the limit (at worst a client gets the limit per 11 s). The state is dropped on disconnect.
 *
 * <p>A socket over its limit is also not read for {@link #PAUSE}, so a flood is slowed
 * down by TCP instead of costing a core to decode and refuse.
 *
 * <p>A refused event has no effect. With a callback it is acked {@code rate_limited}; without one, the
 * socket gets at most one {@code workshop:error rate_limited} per second, so refusing a flood does
 * not become a flood of its own.
 */
@Component
public class EventRateLimit {

    static final Duration WINDOW = Duration.ofSeconds(10);
    /**
     * How long a socket over its limit is not read: short against the 20 s ping timeout, long enough
     * that a flooder's connection is mostly idle.
     */
    static final Duration PAUSE = Duration.ofMillis(100);
    /** One counter per second of the window, and one for the second under way. */
    private static final int SLOTS = (int) WINDOW.toSeconds() + 1;

    private static final long ERROR_EVERY_MS = 1000;

    private final int perWindow;
    private final Clock clock;
    private final Sessions sessions;
    private final Replies replies;
    private final Counter refusedByRate;
    private final Map<Object, Window> sockets = new ConcurrentHashMap<>();

    EventRateLimit(SignalingSettings settings, Clock clock, Sessions sessions, Replies replies, MeterRegistry meters) {
        this.perWindow = settings.eventRateLimit();
        this.clock = clock;
        this.sessions = sessions;
        this.replies = replies;
        this.refusedByRate = refusedCounter(meters, "socket_rate");
    }

    /** The counter of {@code lectern_socket_events_refused_total{reason}}. */
    static Counter refusedCounter(MeterRegistry meters, String reason) {
        return Counter.builder("lectern.socket.events.refused")
                .description("client events refused without effect, by reason")
                .tag("reason", reason)
                .register(meters);
    }

    int perWindow() {
        return perWindow;
    }

    /**
     * The check for every client event, unknown ones included; call it first, on the I/O thread.
     * True if the event may go on; false once the caller has been answered {@code rate_limited}.
     */
    public boolean admit(String event, SocketIOClient client, AckRequest ack) {
        if (perWindow <= 0 || tryAcquire(client)) {
            return true;
        }
        refusedByRate.increment();
        client.pauseReading(PAUSE); // a flood: let TCP slow the sender down rather than refuse it packet by packet
        refuse(
                event,
                client,
                ack,
                new RateLimited("at most " + perWindow + " events per " + WINDOW.toSeconds()
                        + " s on one socket; this one was ignored"));
        return false;
    }

    /**
     * Answers a refused event: by its ack, or (without a callback) by {@code workshop:error}, at most one
     * a second per socket; the refusals in between are silent.
     */
    void refuse(String event, SocketIOClient client, AckRequest ack, RateLimited why) {
        if (ack.isAckRequested() || window(client).mayReportAt(clock.millis())) {
            replies.fail(event, client, ack, why);
        }
    }

    /** Counts one event of {@code socket}; false if it already sent the limit within the window. */
    boolean tryAcquire(SocketIOClient socket) {
        return window(socket).tryAcquire(clock.millis(), perWindow);
    }

    /** The socket has gone: forget its counters. */
    public void forget(SocketIOClient socket) {
        sockets.remove(socket);
    }

    /** Sockets with counters; for tests. */
    int tracked() {
        return sockets.size();
    }

    private Window window(SocketIOClient socket) {
        Window w = sockets.get(socket);
        if (w != null) {
            return w;
        }
        if (!sessions.isOpen(socket)) {
            return new Window(); // not (or no longer) connected: counted nowhere, kept nowhere
        }
        w = sockets.computeIfAbsent(socket, s -> new Window());
        if (!sessions.isOpen(socket)) {
            sockets.remove(socket); // it disconnected meanwhile, and forget may have run before we added it
        }
        return w;
    }

    /**
     * One socket's counters. A socket's events normally arrive on one I/O thread; the lock is there for
     * the transports that may not guarantee it, and is uncontended.
     */
    private static final class Window {
        private final int[] counts = new int[SLOTS];
        private long second = Long.MIN_VALUE;
        private long lastReport = Long.MIN_VALUE;

        synchronized boolean tryAcquire(long nowMillis, int limit) {
            long now = Math.floorDiv(nowMillis, 1000);
            if (second == Long.MIN_VALUE || now - second >= SLOTS) {
                java.util.Arrays.fill(counts, 0);
                second = now;
            } else {
                // seconds that passed since the last event start empty; a clock set back counts as now
                for (long s = second + 1; s <= now; s++) {
                    counts[Math.floorMod(s, SLOTS)] = 0;
                }
                second = Math.max(second, now);
            }
            int sum = 0;
            for (int c : counts) {
                sum += c;
            }
            if (sum >= limit) {
                return false;
            }
            counts[Math.floorMod(second, SLOTS)]++;
            return true;
        }

        synchronized boolean mayReportAt(long nowMillis) {
            if (lastReport != Long.MIN_VALUE && nowMillis - lastReport < ERROR_EVERY_MS && nowMillis >= lastReport) {
                return false;
            }
            lastReport = nowMillis;
            return true;
        }
    }
}
