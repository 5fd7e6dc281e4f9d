package dev.lectern.admission;

import dev.lectern.system.LecternException.Banned;
import dev.lectern.system.LecternException.Forbidden;
import dev.lectern.system.LecternException.InvalidState;
import dev.lectern.system.LecternException.NotFound;
import dev.lectern.system.Sql;
import dev.lectern.workshop.Admission;
import dev.lectern.workshop.Membership;
import dev.lectern.workshop.Memberships;
import dev.lectern.workshop.RoomChanged;
import dev.lectern.workshop.WorkshopStatus;
import dev.lectern.workshop.WorkshopTransitioned;
import dev.lectern.workshop.WorkshopUpdated;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The rules of the waiting room (CONTRACT §7.2). The queue is rows in the database (first come first,
 * cluster-wide); whoever changes it publishes {@link WaitingRoomChanged} in the same transaction. Every
 * change of the queue or a verdict takes the workshop's row lock, so it never interleaves with an end,
 * a cancel or another moderator's admit.
 *
 * <p>Races, each a refusal or a no-op (docs/admission.md): admit of someone not waiting pre-admits them
 * (or lifts a denial); a second admit changes nothing; admit or deny once the workshop is over is
 * {@code invalid_state} (the end emptied the queue under the same lock); deny of a moderator is
 * {@code forbidden}; a target without a record is {@code not_found}.
 */
@Service
public class WaitingRoom {

    static final String ADMITTED = "admitted";
    static final String DENIED = "denied";

    private final Memberships memberships;
    private final WaitingRepository queue;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration grace;

    WaitingRoom(
            Memberships memberships,
            WaitingRepository queue,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${lectern.admission.waiting-grace:30s}") Duration grace) {
        this.memberships = memberships;
        this.queue = queue;
        this.events = events;
        this.clock = clock;
        this.grace = grace;
    }

    /** The answer to a join: come in now ({@code position} 0), or wait at {@code position} (1 = next). */
    public record Entry(boolean waiting, int position, boolean moderator) {
        static Entry admit(Membership m) {
            return new Entry(false, 0, m.isModerator());
        }
    }

    /** A user in the queue, as moderators see it. */
    public record Waiter(long userId, String displayName, String avatarUrl, Instant since) {}

    public record Denied(long userId, String displayName) {}

    /** The whole queue and the denied members, for moderators. */
    public record Queue(List<Waiter> waiting, List<Denied> denied) {}

    /** What an admit did: those who were waiting and now come in (a pre-admit lets nobody in now). */
    public record Admitted(List<Long> userIds) {}

    /** Where a user stands who is no longer in the queue. */
    public enum Standing {
        ADMITTED,
        DENIED,
        REMOVED,
        NONE;

        static Standing of(String status, String admission) {
            if ("removed".equals(status)) {
                return REMOVED;
            }
            return ADMITTED.name().equalsIgnoreCase(String.valueOf(admission))
                    ? ADMITTED
                    : DENIED.name().equalsIgnoreCase(String.valueOf(admission)) ? DENIED : NONE;
        }
    }

    /**
     * The join's first step. Admits at once (without writing) whoever need not wait — an open workshop, a
     * moderator, someone admitted already; refuses a denied user ({@code forbidden}); otherwise queues the
     * socket, keeping the user's place if they hold one (a reconnect, a second tab). Membership, ban and
     * status are checked as the join checks them, so a refusal reads the same either way.
     */
    @Transactional
    public Entry enter(long workshopId, long userId, UUID socket, String node) {
        Membership seen = memberships.of(workshopId, userId);
        if (!seen.mustWait() && !seen.isDenied()) {
            return Entry.admit(seen); // the usual case: one read, no lock; the join checks the rest
        }
        Membership m = memberships.lockedOf(workshopId, userId);
        if (m.isRemoved()) {
            throw new Banned(Banned.Attempt.ACCESS);
        }
        if (!m.isMember()) {
            throw new Forbidden("only the host, co-hosts, RSVP'd and invited users can join");
        }
        WorkshopStatus status = m.workshop().status();
        if (status != WorkshopStatus.SCHEDULED && !status.isOpen()) {
            throw new InvalidState("the workshop is " + status.wire());
        }
        if (m.isDenied()) {
            throw new Forbidden("a moderator denied you entry to this workshop");
        }
        if (!m.mustWait()) {
            return Entry.admit(m);
        }
        boolean fresh = queue.enqueue(workshopId, userId, Sql.now(clock));
        queue.addSocket(workshopId, userId, socket, node);
        if (fresh) {
            changed(workshopId);
        }
        return new Entry(true, queue.position(workshopId, userId), false);
    }

    /** A waiting socket went (disconnect); with the user's last one their grace starts. */
    @Transactional
    public void socketGone(long workshopId, long userId, UUID socket) {
        queue.removeSocket(workshopId, userId, socket, Sql.now(clock));
    }

    /** {@code workshop:leave} of a waiting user: out of the queue. True if they were in it. */
    @Transactional
    public boolean leave(long workshopId, long userId) {
        memberships.lock(workshopId);
        boolean left = queue.dequeue(workshopId, userId);
        if (left) {
            changed(workshopId);
        }
        return left;
    }

    /** Admits one member: out of the queue if waiting, and admitted for the workshop's life. */
    @Transactional
    public Admitted admit(long workshopId, long callerId, long targetUserId) {
        Membership m = moderator(workshopId, callerId);
        Membership target = target(m, targetUserId);
        if (target.isModerator()) {
            return new Admitted(List.of()); // moderators never wait: nothing to do
        }
        queue.setVerdict(workshopId, List.of(targetUserId), ADMITTED);
        boolean waited = queue.dequeue(workshopId, targetUserId);
        changed(workshopId); // a lifted denial changes the moderators' list too
        return new Admitted(waited ? List.of(targetUserId) : List.of());
    }

    /** Admits everyone waiting now, in one transaction. */
    @Transactional
    public Admitted admitAll(long workshopId, long callerId) {
        moderator(workshopId, callerId);
        return admitEveryone(workshopId);
    }

    /** Denies a member entry for the workshop's life (a moderator's {@code admit} lifts it). */
    @Transactional
    public void deny(long workshopId, long callerId, long targetUserId) {
        Membership m = moderator(workshopId, callerId);
        Membership target = target(m, targetUserId);
        if (target.isModerator()) {
            throw new Forbidden("the host, co-hosts and panelists cannot be denied entry");
        }
        queue.setVerdict(workshopId, List.of(targetUserId), DENIED);
        queue.dequeue(workshopId, targetUserId);
        changed(workshopId);
    }

    /** The queue as moderators see it (read by the socket edge; no rights check: it only sends to moderators). */
    @Transactional(readOnly = true)
    public Queue queue(long workshopId) {
        return new Queue(queue.waiting(workshopId), queue.denied(workshopId));
    }

    /** Those waiting, in order (for positions). */
    @Transactional(readOnly = true)
    public List<Long> waitingIds(long workshopId) {
        return queue.waitingIds(workshopId);
    }

    /** Where users who left the queue stand now. */
    @Transactional(readOnly = true)
    public Map<Long, Standing> standings(long workshopId, Collection<Long> userIds) {
        return queue.standings(workshopId, userIds);
    }

    /** Drops the places of users gone longer than the grace, as of {@code now}; returns the workshops that changed. */
    @Transactional
    public List<Long> expire(Instant now) {
        List<Long> changedRooms = queue.expire(now.minus(grace));
        changedRooms.forEach(this::changed);
        return changedRooms;
    }

    /** A node's waiting sockets are gone: their users' grace starts now (a restart gives everyone the window again). */
    @Transactional
    public List<Long> releaseNode(String node) {
        List<Long> rooms = queue.releaseNode(node, Sql.now(clock));
        rooms.forEach(this::changed);
        return rooms;
    }

    /** A single node starts: whoever waited through its earlier run gets the grace window again. */
    @Transactional
    public void releaseAll() {
        queue.releaseAll(Sql.now(clock));
    }

    public Duration grace() {
        return grace;
    }

    /** On {@code ended} / {@code cancelled} the queue empties, in the transition's own transaction. */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(WorkshopTransitioned t) {
        if (t.to() == WorkshopStatus.ENDED || t.to() == WorkshopStatus.CANCELLED) {
            queue.empty(t.workshopId());
            changed(t.workshopId());
        }
    }

    /** Switching {@code admission} to {@code open} admits everyone waiting (CONTRACT §7.1), in the PATCH's transaction. */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(WorkshopUpdated u) {
        if (u.changed().contains("admission") && u.after().admission() == Admission.OPEN) {
            admitEveryone(u.after().id());
        }
    }

    /** A ban takes a waiting user out of the queue (they hear {@code workshop:user-removed} from the edge). */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(RoomChanged c) {
        List<Long> removed = queue.removedWaiting(c.workshopId());
        if (!removed.isEmpty()) {
            removed.forEach(id -> queue.dequeue(c.workshopId(), id));
            changed(c.workshopId());
        }
    }

    private Admitted admitEveryone(long workshopId) {
        List<Long> waiting = queue.waitingIds(workshopId);
        if (waiting.isEmpty()) {
            return new Admitted(List.of());
        }
        queue.setVerdict(workshopId, waiting, ADMITTED);
        queue.empty(workshopId);
        changed(workshopId);
        return new Admitted(waiting);
    }

    /** The caller moderates this workshop, and it is not over; the row stays locked for the transaction. */
    private Membership moderator(long workshopId, long callerId) {
        Membership m = memberships.lockedOf(workshopId, callerId);
        if (m.isRemoved()) {
            throw new Banned(Banned.Attempt.ACCESS);
        }
        if (!m.isModerator()) {
            throw new Forbidden("only the host, co-hosts and panelists admit and deny");
        }
        WorkshopStatus status = m.workshop().status();
        if (status == WorkshopStatus.ENDED || status == WorkshopStatus.CANCELLED) {
            throw new InvalidState("the workshop is " + status.wire() + ": its waiting room is closed");
        }
        return m;
    }

    /** A member of the workshop (host included); anyone else {@code not_found}; a removed user {@code invalid_state}. */
    private Membership target(Membership caller, long targetUserId) {
        Membership t = memberships.of(caller.workshop(), targetUserId);
        if (t.isRemoved()) {
            throw new InvalidState("user " + targetUserId + " was removed from this workshop");
        }
        if (!t.isMember()) {
            throw new NotFound("user " + targetUserId + " in this workshop");
        }
        return t;
    }

    private void changed(long workshopId) {
        events.publishEvent(new WaitingRoomChanged(workshopId));
    }
}
