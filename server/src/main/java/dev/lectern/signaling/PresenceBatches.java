package dev.lectern.signaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Decides how a room hears of arrivals and departures. Announcing every join to everyone costs N
 * frames per join, N² for a room that fills up; so a big room hears of presence at most once per
 * {@link #WINDOW}. The rule (docs/signaling.md, "Presence in big rooms"):
 * <ul>
 * <li>With nothing held back, a change goes out at once as the contract's {@code workshop:user-joined}
 * or {@code workshop:user-left} if the room has fewer than {@link #SMALL_ROOM} users present, or its
 * last presence frame is at least a window old.
 * <li>Otherwise it is held back, and the held changes go out one window after the last presence
 * frame: a single change as its contract event, several as {@code workshop:presence {joined, left}},
 * each user once, in their latest state (so a join and a leave in one batch end as a leave).
 * <li>Any other room event sends what is held back first, so the room sees changes in the order
 * they happened.
 * </ul>
 * Every method runs on the workshop's serial queue (the timer only queues a flush), so a room's batch
 * is never touched by two threads at once.
 */
@Component
class PresenceBatches {

    static final int SMALL_ROOM = 100;
    static final Duration WINDOW = Duration.ofSeconds(1);

    private final Rooms rooms;
    private final EventQueues queues;
    private final ScheduledExecutorService timer;
    private final Map<Long, Batch> batches = new ConcurrentHashMap<>();

    /** What a room has been told lately, and what it has not been told yet. */
    private static final class Batch {
        long lastSent = System.nanoTime() - WINDOW.toNanos();
        boolean flushQueued;
        // user → their latest change (null: they left), in the order users first changed
        final Map<Long, Outbound.UserJoined> held = new LinkedHashMap<>();
    }

    PresenceBatches(Rooms rooms, EventQueues queues, @Qualifier("presenceTimer") ScheduledExecutorService timer) {
        this.rooms = rooms;
        this.queues = queues;
        this.timer = timer;
        rooms.beforeEachSend(this::flush);
    }

    /** The user's first socket entered the room; {@code present} users are in it now. */
    void joined(long workshopId, Outbound.UserJoined user, int present) {
        change(workshopId, user.userId(), user, present);
    }

    /** The user's last socket left the room; {@code present} users remain. */
    void left(long workshopId, long userId, int present) {
        change(workshopId, userId, null, present);
    }

    /** Sends whatever the room has not been told yet. */
    void flush(long workshopId) {
        Batch batch = batches.get(workshopId);
        if (batch == null || batch.held.isEmpty()) {
            return;
        }
        if (batch.held.size() == 1) {
            var only = batch.held.entrySet().iterator().next();
            sendOne(workshopId, only.getKey(), only.getValue());
        } else {
            List<Outbound.UserJoined> joined = new ArrayList<>();
            List<Long> left = new ArrayList<>();
            batch.held.forEach((userId, user) -> {
                if (user == null) {
                    left.add(userId);
                } else {
                    joined.add(user);
                }
            });
            rooms.sendNow(workshopId, "workshop:presence", new Outbound.PresenceBatch(joined, left));
        }
        batch.held.clear();
        batch.lastSent = System.nanoTime();
    }

    private void change(long workshopId, long userId, Outbound.UserJoined user, int present) {
        Batch batch = batches.computeIfAbsent(workshopId, id -> new Batch());
        long now = System.nanoTime();
        long sinceLast = now - batch.lastSent;
        if (batch.held.isEmpty() && (present < SMALL_ROOM || sinceLast >= WINDOW.toNanos())) {
            sendOne(workshopId, userId, user);
            batch.lastSent = now;
            if (present == 0 && !batch.flushQueued) {
                batches.remove(workshopId); // an empty room keeps nothing
            }
            return;
        }
        batch.held.remove(userId); // re-insert: the latest change wins
        batch.held.put(userId, user);
        if (!batch.flushQueued) {
            batch.flushQueued = true;
            long delay = Math.max(0, WINDOW.toNanos() - sinceLast);
            timer.schedule(() -> queues.submit(workshopId, () -> timedFlush(workshopId)), delay, TimeUnit.NANOSECONDS);
        }
    }

    private void timedFlush(long workshopId) {
        Batch batch = batches.get(workshopId);
        if (batch != null) {
            batch.flushQueued = false;
            flush(workshopId);
        }
    }

    private void sendOne(long workshopId, long userId, Outbound.UserJoined user) {
        if (user != null) {
            rooms.sendNow(workshopId, "workshop:user-joined", user);
        } else {
            rooms.sendNow(workshopId, "workshop:user-left", new Outbound.UserRef(userId));
        }
    }
}
