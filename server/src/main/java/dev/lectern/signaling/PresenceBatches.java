package dev.lectern.signaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * This class only decides: it returns the frames to send and when to flush, and {@link RoomBroadcaster}
 * sends them (and schedules the flush), so presence has no way out of its own. Every method runs on
 * the workshop's serial queue (the timer only queues a flush), so a room's batch is never touched by
 * two threads at once.
 */
@Component
class PresenceBatches {

    static final int SMALL_ROOM = 100;
    static final Duration WINDOW = Duration.ofSeconds(1);

    /** One room event to send. */
    record Frame(String event, Object payload) {
    }

    /**
     * What a change means: frames to send at once, and in how many nanoseconds the room's held
     * changes must be flushed ({@link #NO_FLUSH} if no flush needs scheduling).
     */
    record Decision(List<Frame> now, long flushInNanos) {
    }

    static final long NO_FLUSH = -1;

    private final Map<Long, Batch> batches = new ConcurrentHashMap<>();

    /** What a room has been told lately, and what it has not been told yet. */
    private static final class Batch {
        long lastSent = System.nanoTime() - WINDOW.toNanos();
        boolean flushQueued;
        // user → their latest change (null: they left), in the order users first changed
        final Map<Long, Outbound.UserJoined> held = new LinkedHashMap<>();
    }

    /** The user's first socket entered the room; {@code present} users are in it now. */
    Decision joined(long workshopId, Outbound.UserJoined user, int present) {
        return change(workshopId, user.userId(), user, present);
    }

    /** The user's last socket left the room; {@code present} users remain. */
    Decision left(long workshopId, long userId, int present) {
        return change(workshopId, userId, null, present);
    }

    /** Whatever the room has not been told yet, as the frames to send now (none if nothing is held). */
    List<Frame> drain(long workshopId) {
        Batch batch = batches.get(workshopId);
        if (batch == null || batch.held.isEmpty()) {
            return List.of();
        }
        Frame frame;
        if (batch.held.size() == 1) {
            var only = batch.held.entrySet().iterator().next();
            frame = one(only.getKey(), only.getValue());
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
            frame = new Frame("workshop:presence", new Outbound.PresenceBatch(joined, left));
        }
        batch.held.clear();
        batch.lastSent = System.nanoTime();
        return List.of(frame);
    }

    /** The scheduled flush of a {@link Decision}: it is no longer pending, and what is held goes out. */
    List<Frame> timedDrain(long workshopId) {
        Batch batch = batches.get(workshopId);
        if (batch == null) {
            return List.of();
        }
        batch.flushQueued = false;
        return drain(workshopId);
    }

    private Decision change(long workshopId, long userId, Outbound.UserJoined user, int present) {
        Batch batch = batches.computeIfAbsent(workshopId, id -> new Batch());
        long now = System.nanoTime();
        long sinceLast = now - batch.lastSent;
        if (batch.held.isEmpty() && (present < SMALL_ROOM || sinceLast >= WINDOW.toNanos())) {
            batch.lastSent = now;
            if (present == 0 && !batch.flushQueued) {
                batches.remove(workshopId); // an empty room keeps nothing
            }
            return new Decision(List.of(one(userId, user)), NO_FLUSH);
        }
        batch.held.remove(userId); // re-insert: the latest change wins
        batch.held.put(userId, user);
        if (!batch.flushQueued) {
            batch.flushQueued = true;
            return new Decision(List.of(), Math.max(0, WINDOW.toNanos() - sinceLast));
        }
        return new Decision(List.of(), NO_FLUSH);
    }

    private static Frame one(long userId, Outbound.UserJoined user) {
        return user != null ? new Frame("workshop:user-joined", user)
                : new Frame("workshop:user-left", new Outbound.UserRef(userId));
    }
}
