package dev.lectern.signaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
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
 * Above {@code LECTERN_FULL_PRESENCE_LIMIT} present users the room is big ({@link BigRooms}, docs/signaling.md,
 * "Big rooms"): changes of plain attendees reach the room only as {@code workshop:presence {presentCount}},
 * at most once per window, and reach its moderators as above (their own frames, {@link Audience#MODERATORS});
 * changes of users on the stage reach everyone as above. Crossing the limit sends the room a fresh
 * {@code workshop:state} ({@link #REFRESH}), at most once per window; until then the room stays as it was.
 * <p>This class only decides: it returns the frames to send and when to flush, and {@link RoomBroadcaster}
 * sends them (and schedules the flush), so presence has no way out of its own. Every method runs on
 * the workshop's serial queue (the timer only queues a flush), so a room's batch is never touched by
 * two threads at once.
 */
@Component
class PresenceBatches {

    static final int SMALL_ROOM = 100;
    static final Duration WINDOW = Duration.ofSeconds(1);

    /** Who a frame is for: the whole room, or only its moderators (host, co-hosts). */
    enum Audience {
        ROOM,
        MODERATORS
    }

    /** One room event to send. */
    record Frame(String event, Object payload, Audience audience) {
        Frame(String event, Object payload) {
            this(event, payload, Audience.ROOM);
        }
    }

    /** Stands for the room's fresh {@code workshop:state}, which the broadcaster builds when it sends it. */
    static final Frame REFRESH = new Frame("workshop:state", null);

    /**
     * What a change means: frames to send at once, and in how many nanoseconds the room's held
     * changes must be flushed ({@link #NO_FLUSH} if no flush needs scheduling).
     */
    record Decision(List<Frame> now, long flushInNanos) {}

    static final long NO_FLUSH = -1;

    private final BigRooms bigRooms;
    private final Map<Long, Batch> batches = new ConcurrentHashMap<>();

    PresenceBatches(BigRooms bigRooms) {
        this.bigRooms = bigRooms;
    }

    /** What a room has been told lately, and what it has not been told yet. */
    private static final class Batch {
        final long workshopId;
        long lastSent = System.nanoTime() - WINDOW.toNanos();
        long lastCrossing = System.nanoTime() - WINDOW.toNanos();
        boolean flushQueued;
        /** Users present after the latest change. */
        int present;
        /** Whether the room was last told it is big (its state lists the stage only). */
        boolean big;
        /** Big room: the count changed since the room last heard it. */
        boolean countChanged;
        // user → their latest change (null: they left), in the order users first changed; everyone hears these
        final Map<Long, Outbound.UserJoined> held = new LinkedHashMap<>();
        // big room: the changes of plain attendees, for the moderators only
        final Map<Long, Outbound.UserJoined> heldForModerators = new LinkedHashMap<>();

        Batch(long workshopId) {
            this.workshopId = workshopId;
        }

        boolean holds() {
            return !held.isEmpty() || !heldForModerators.isEmpty() || countChanged;
        }
    }

    /**
     * The user's first socket entered the room; {@code present} users are in it now. {@code onStage}
     * is asked only in a big room.
     */
    Decision joined(long workshopId, Outbound.UserJoined user, int present, BooleanSupplier onStage) {
        return change(workshopId, user.userId(), user, present, onStage);
    }

    /** The user's last socket left the room; {@code present} users remain. */
    Decision left(long workshopId, long userId, int present, BooleanSupplier onStage) {
        return change(workshopId, userId, null, present, onStage);
    }

    /** Whatever the room has not been told yet, as the frames to send now (none if nothing is held). */
    List<Frame> drain(long workshopId) {
        Batch batch = batches.get(workshopId);
        return batch == null ? List.of() : drain(batch);
    }

    /** The scheduled flush of a {@link Decision}: what is held goes out, and a deferred crossing happens if due. */
    Decision timedDrain(long workshopId) {
        Batch batch = batches.get(workshopId);
        if (batch == null) {
            return new Decision(List.of(), NO_FLUSH);
        }
        batch.flushQueued = false;
        List<Frame> out = new ArrayList<>(drain(batch));
        long now = System.nanoTime();
        long flush = NO_FLUSH;
        if (bigRooms.isBig(batch.present) != batch.big) {
            long wait = crossingWait(batch, now);
            if (wait == 0) {
                out.add(cross(batch, now));
            } else {
                batch.flushQueued = true;
                flush = wait;
            }
        }
        if (batch.present == 0 && !batch.flushQueued) {
            batches.remove(workshopId);
        }
        return new Decision(out, flush);
    }

    private Decision change(
            long workshopId, long userId, Outbound.UserJoined user, int present, BooleanSupplier onStage) {
        Batch batch = batches.computeIfAbsent(workshopId, Batch::new);
        batch.present = present;
        long now = System.nanoTime();
        if (bigRooms.isBig(present) != batch.big) {
            long wait = crossingWait(batch, now);
            if (wait == 0) {
                // what was held goes out as the room knew it, then everyone gets the room afresh (this change included)
                List<Frame> out = new ArrayList<>(drain(batch));
                out.add(cross(batch, now));
                return new Decision(out, NO_FLUSH);
            }
            // crossed again within a window: the room stays as it is until a flush looks again
            Decision d = asBefore(workshopId, batch, userId, user, present, onStage, now);
            if (!batch.flushQueued) {
                batch.flushQueued = true;
                return new Decision(d.now(), wait);
            }
            return d;
        }
        return asBefore(workshopId, batch, userId, user, present, onStage, now);
    }

    /** The change in the room's current mode, small or big. */
    private Decision asBefore(
            long workshopId,
            Batch batch,
            long userId,
            Outbound.UserJoined user,
            int present,
            BooleanSupplier onStage,
            long now) {
        if (batch.big) {
            return bigChange(batch, userId, user, onStage.getAsBoolean(), now);
        }
        long sinceLast = now - batch.lastSent;
        if (batch.held.isEmpty() && (present < SMALL_ROOM || sinceLast >= WINDOW.toNanos())) {
            batch.lastSent = now;
            if (present == 0 && !batch.flushQueued) {
                batches.remove(workshopId); // an empty room keeps nothing
            }
            return new Decision(List.of(one(userId, user, Audience.ROOM)), NO_FLUSH);
        }
        hold(batch.held, userId, user);
        return scheduled(batch, sinceLast);
    }

    /** A big room: the stage's changes for everyone, the audience's for moderators, the count for all; once a window. */
    private Decision bigChange(Batch batch, long userId, Outbound.UserJoined user, boolean onStage, long now) {
        hold(onStage ? batch.held : batch.heldForModerators, userId, user);
        batch.countChanged = true;
        long sinceLast = now - batch.lastSent;
        if (!batch.flushQueued && sinceLast >= WINDOW.toNanos()) {
            return new Decision(drain(batch), NO_FLUSH);
        }
        return scheduled(batch, sinceLast);
    }

    private static void hold(Map<Long, Outbound.UserJoined> held, long userId, Outbound.UserJoined user) {
        held.remove(userId); // re-insert: the latest change wins
        held.put(userId, user);
    }

    private Decision scheduled(Batch batch, long sinceLast) {
        if (!batch.flushQueued) {
            batch.flushQueued = true;
            return new Decision(List.of(), Math.max(0, WINDOW.toNanos() - sinceLast));
        }
        return new Decision(List.of(), NO_FLUSH);
    }

    /** 0 if the room may switch between small and big now, else how long until it may. */
    private static long crossingWait(Batch batch, long now) {
        return Math.max(0, WINDOW.toNanos() - (now - batch.lastCrossing));
    }

    private Frame cross(Batch batch, long now) {
        batch.big = !batch.big;
        batch.lastCrossing = now;
        batch.lastSent = now;
        return REFRESH;
    }

    private List<Frame> drain(Batch batch) {
        if (!batch.holds()) {
            return List.of();
        }
        List<Frame> out = new ArrayList<>(2);
        if (batch.big) {
            // read now rather than at the change: with several nodes the other nodes' changes count too
            batch.present = bigRooms.count(batch.workshopId);
            // everyone: the count, with the stage's changes if there are any
            out.add(
                    batch.held.isEmpty()
                            ? new Frame("workshop:presence", new Outbound.PresenceCount(batch.present))
                            : batched(batch.held, batch.present, Audience.ROOM));
            if (!batch.heldForModerators.isEmpty()) {
                out.add(
                        batch.heldForModerators.size() == 1
                                ? only(batch.heldForModerators, Audience.MODERATORS)
                                : batched(batch.heldForModerators, batch.present, Audience.MODERATORS));
            }
        } else if (batch.held.size() == 1) {
            out.add(only(batch.held, Audience.ROOM));
        } else if (!batch.held.isEmpty()) {
            out.add(batched(batch.held, batch.present, Audience.ROOM));
        }
        batch.held.clear();
        batch.heldForModerators.clear();
        batch.countChanged = false;
        batch.lastSent = System.nanoTime();
        return out;
    }

    private static Frame only(Map<Long, Outbound.UserJoined> held, Audience audience) {
        var only = held.entrySet().iterator().next();
        return one(only.getKey(), only.getValue(), audience);
    }

    private static Frame batched(Map<Long, Outbound.UserJoined> held, int present, Audience audience) {
        List<Outbound.UserJoined> joined = new ArrayList<>();
        List<Long> left = new ArrayList<>();
        held.forEach((userId, user) -> {
            if (user == null) {
                left.add(userId);
            } else {
                joined.add(user);
            }
        });
        return new Frame("workshop:presence", new Outbound.PresenceBatch(joined, left, present), audience);
    }

    private static Frame one(long userId, Outbound.UserJoined user, Audience audience) {
        return user != null
                ? new Frame("workshop:user-joined", user, audience)
                : new Frame("workshop:user-left", new Outbound.UserRef(userId), audience);
    }
}
