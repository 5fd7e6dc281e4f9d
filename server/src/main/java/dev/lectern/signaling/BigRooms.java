package dev.lectern.signaling;

import dev.lectern.system.ConfigurationProblem;
import dev.lectern.workshop.RoomState;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The big-room rule (CONTRACT §4 "Big rooms", docs/signaling.md): while more than
 * {@code LECTERN_FULL_PRESENCE_LIMIT} users are present, a joiner's {@code workshop:state} lists only the
 * stage — host, co-hosts, panelists, speakers and raised hands — and everyone hears the audience only as
 * a count ({@link PresenceBatches} paces that). Without it one join sent the joiner every present user
 * and a room filling up cost O(N²) bytes: 22.7 GB for 10,000 joins. With it what a join sends is bounded
 * by the stage, not the room.
 *
 * <p>This class builds the snapshots and answers who is on the stage; it never sends. It also keeps,
 * per big room, who the room was shown on the stage (in a snapshot or a stage arrival) and is still
 * present: someone whose hand went down is no longer on the stage, but clients still list them, so
 * their departure must reach everyone, not only the moderators.
 */
@Component
class BigRooms {

    private volatile int limit;
    private final RoomSnapshots snapshots;
    private final PresenceStore presence;
    // big room → users the room was shown on the stage and has not yet heard leave
    private final Map<Long, Set<Long>> shown = new ConcurrentHashMap<>();

    BigRooms(
            @Value("${lectern.signaling.full-presence-limit:200}") int limit,
            RoomSnapshots snapshots,
            PresenceStore presence) {
        if (limit < 1) {
            throw new ConfigurationProblem(
                    "LECTERN_FULL_PRESENCE_LIMIT is " + limit + "; it must be at least 1",
                    "Set LECTERN_FULL_PRESENCE_LIMIT to the largest room that may list every attendee (default 200).");
        }
        this.limit = limit;
        this.snapshots = snapshots;
        this.presence = presence;
    }

    int limit() {
        return limit;
    }

    /** Tests only: a small limit for one test, on the shared context (restored by the test). */
    void limit(int limit) {
        this.limit = Math.max(1, limit);
    }

    /** Users present in the room now, on every node. */
    int count(long workshopId) {
        return presence.count(workshopId);
    }

    boolean isBig(int present) {
        return present > limit;
    }

    /** The joiner's {@code workshop:state}: everyone in a room within the limit, else the stage. On the workshop's queue. */
    Outbound.State state(long workshopId, int present, RoomState.Person joiner) {
        if (!isBig(present)) {
            return Outbound.State.of(snapshots.of(workshopId, presence.users(workshopId), joiner), present, true);
        }
        return stage(workshopId, present);
    }

    /** The state the whole room gets when it crosses the limit (up or down). On the workshop's queue. */
    Outbound.State refresh(long workshopId) {
        int present = presence.count(workshopId);
        if (!isBig(present)) {
            shown.remove(workshopId); // everyone is listed again: every departure reaches everyone
            return Outbound.State.of(snapshots.of(workshopId, presence.users(workshopId), null), present, true);
        }
        shown.remove(workshopId);
        return stage(workshopId, present);
    }

    private Outbound.State stage(long workshopId, int present) {
        RoomState s = snapshots.stage(workshopId, id -> presence.isPresent(workshopId, id));
        Set<Long> seen = shown.computeIfAbsent(workshopId, id -> ConcurrentHashMap.newKeySet());
        s.attendees().forEach(p -> seen.add(p.userId()));
        return Outbound.State.of(s, present, false);
    }

    /** A big room: whether the arrival goes to everyone (on the stage) or to the moderators only. */
    boolean arrivesOnStage(long workshopId, long userId) {
        if (!snapshots.onStage(workshopId, userId)) {
            return false;
        }
        shown.computeIfAbsent(workshopId, id -> ConcurrentHashMap.newKeySet()).add(userId);
        return true;
    }

    /** A big room: whether the departure goes to everyone (they are, or were shown, on the stage). */
    boolean leavesStage(long workshopId, long userId) {
        Set<Long> seen = shown.get(workshopId);
        boolean wasShown = seen != null && seen.remove(userId);
        return wasShown || snapshots.onStage(workshopId, userId);
    }

    /** The room emptied. */
    void release(long workshopId) {
        shown.remove(workshopId);
    }
}
