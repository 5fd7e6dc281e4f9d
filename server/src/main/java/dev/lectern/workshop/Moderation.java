package dev.lectern.workshop;

import dev.lectern.system.LecternException.Banned;
import dev.lectern.system.LecternException.Forbidden;
import dev.lectern.system.LecternException.InvalidState;
import dev.lectern.system.LecternException.NotFound;
import dev.lectern.system.Sql;
import java.time.Clock;
import java.time.Instant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What happens inside a workshop's room: the hand queue, speaking rights, co-hosts and bans. Every
 * method checks the caller's rights through their {@link Membership} and throws the named refusal.
 */
@Service
public class Moderation {

    private final Memberships memberships;
    private final AttendeeRepository attendees;
    private final RoomRepository room;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Moderation(
            Memberships memberships,
            AttendeeRepository attendees,
            RoomRepository room,
            Clock clock,
            ApplicationEventPublisher events) {
        this.memberships = memberships;
        this.attendees = attendees;
        this.room = room;
        this.clock = clock;
        this.events = events;
    }

    /** The room's roles, rights or hands changed in this transaction: cached room state is stale once it commits. */
    private void changed(long workshopId) {
        events.publishEvent(new RoomChanged(workshopId));
    }

    /** A raised hand, and whether this call raised it (a second raise keeps the first time). */
    public record Hand(Instant raisedAt, boolean raisedNow) {}

    /**
     * Raises the caller's hand. A hand already up is answered from a plain read, without locking or
     * writing anything: a client repeating the event (or flooding it) costs one read each time.
     */
    @Transactional
    public Hand raiseHand(long workshopId, long userId) {
        Membership seen = present(check(memberships.of(workshopId, userId)));
        if (seen.attendee().handRaisedAt() != null) {
            return new Hand(seen.attendee().handRaisedAt(), false);
        }
        present(caller(workshopId, userId));
        boolean raised = room.raiseHand(workshopId, userId, Sql.now(clock));
        if (raised) {
            changed(workshopId);
        }
        return new Hand(attendees.find(workshopId, userId).orElseThrow().handRaisedAt(), raised);
    }

    /**
     * Lowers one's own hand, or (host, co-host) someone else's; true if it was up. One's own hand
     * already down is answered from a plain read, without locking or writing.
     */
    @Transactional
    public boolean lowerHand(long workshopId, long userId, long targetUserId) {
        if (targetUserId == userId) {
            Membership seen = check(memberships.of(workshopId, userId));
            Attendee self = target(seen, userId);
            if (self == null || self.handRaisedAt() == null) {
                return false;
            }
        }
        Membership m = caller(workshopId, userId);
        if (targetUserId != userId) {
            notAPeer(requireManager(m), target(m, targetUserId));
        } else {
            target(m, targetUserId);
        }
        boolean lowered = room.lowerHand(workshopId, targetUserId);
        if (lowered) {
            changed(workshopId);
        }
        return lowered;
    }

    /** Lets the target speak and takes their hand down; true if their hand was up. */
    @Transactional
    public boolean approveSpeaker(long workshopId, long userId, long targetUserId) {
        Membership m = requireManager(caller(workshopId, userId));
        notTheHost(target(m, targetUserId));
        room.setCanSpeak(workshopId, targetUserId, true);
        changed(workshopId);
        return room.lowerHand(workshopId, targetUserId);
    }

    @Transactional
    public void revokeSpeaker(long workshopId, long userId, long targetUserId) {
        Membership m = requireManager(caller(workshopId, userId));
        notAPeer(m, notTheHost(target(m, targetUserId)));
        room.setCanSpeak(workshopId, targetUserId, false);
        changed(workshopId);
    }

    /** Host only; a co-host also speaks. */
    @Transactional
    public void promoteCoHost(long workshopId, long userId, long targetUserId) {
        Membership m = requireHost(caller(workshopId, userId));
        notTheHost(target(m, targetUserId));
        attendees.setCoHost(workshopId, targetUserId, true);
        changed(workshopId);
    }

    @Transactional
    public void demoteCoHost(long workshopId, long userId, long targetUserId) {
        Membership m = requireHost(caller(workshopId, userId));
        notTheHost(target(m, targetUserId));
        attendees.setCoHost(workshopId, targetUserId, false);
        changed(workshopId);
    }

    /** Muting is the target client's job; the server only checks that the caller may ask for it. */
    @Transactional
    public void checkMute(long workshopId, long userId, long targetUserId) {
        Membership m = requireManager(caller(workshopId, userId));
        notAPeer(m, notTheHost(target(m, targetUserId)));
    }

    /**
     * Bans the target: no role, no hand, out of the room, and no way back (join, RSVP and tokens
     * refuse a removed user). The host cannot be removed, and only the host removes a co-host.
     */
    @Transactional
    public void remove(long workshopId, long userId, long targetUserId) {
        Membership m = requireManager(caller(workshopId, userId));
        if (targetUserId == m.workshop().hostId()) {
            throw new Forbidden("the host cannot be removed");
        }
        Attendee target = attendees.find(workshopId, targetUserId).orElseThrow(() -> notInWorkshop(targetUserId));
        if (target.coHost() && !m.isHost()) {
            throw new Forbidden("only the host can remove a co-host");
        }
        if (target.status() != AttendeeStatus.REMOVED) {
            attendees.remove(workshopId, targetUserId, Sql.now(clock), userId);
            changed(workshopId);
        }
    }

    /**
     * The caller's membership if they may chat now: a member present in the room. {@code locked} is
     * the workshop as read under its row lock ({@link Memberships#lock}), held by the caller's
     * transaction, so one lock serves a whole group of messages.
     */
    public Membership chatter(Workshop locked, long userId) {
        return present(check(memberships.of(locked, userId)));
    }

    private Membership caller(long workshopId, long userId) {
        return check(memberships.lockedOf(workshopId, userId));
    }

    /** The caller may act in this workshop: a member, not banned, and the workshop not over. */
    private static Membership check(Membership m) {
        if (m.isRemoved()) {
            throw new Banned(Banned.Attempt.ACCESS);
        }
        if (!m.isMember()) {
            throw new Forbidden("you are not a member of this workshop");
        }
        WorkshopStatus status = m.workshop().status();
        if (status == WorkshopStatus.ENDED || status == WorkshopStatus.CANCELLED) {
            throw new InvalidState("the workshop is " + status.wire());
        }
        return m;
    }

    private static Membership present(Membership m) {
        if (m.attendee() == null || m.attendee().status() != AttendeeStatus.JOINED) {
            throw new InvalidState(
                    m.workshop().status().isOpen()
                            ? "join the workshop's room first"
                            : "the workshop is " + m.workshop().status().wire());
        }
        return m;
    }

    private static Membership requireManager(Membership m) {
        if (!m.canManage()) {
            throw new Forbidden("only the host or a co-host can do this");
        }
        return m;
    }

    private static Membership requireHost(Membership m) {
        if (!m.isHost()) {
            throw new Forbidden("only the host can do this");
        }
        return m;
    }

    /** The target's record: they must be in the workshop and not banned. */
    private Attendee target(Membership m, long targetUserId) {
        if (targetUserId == m.workshop().hostId()) {
            return null; // the host may have no record yet; callers that care check notTheHost
        }
        Attendee a = attendees.find(m.workshop().id(), targetUserId).orElseThrow(() -> notInWorkshop(targetUserId));
        if (a.status() == AttendeeStatus.REMOVED) {
            throw new InvalidState("user " + targetUserId + " was removed from this workshop");
        }
        return a;
    }

    private static Attendee notTheHost(Attendee target) {
        if (target == null) {
            throw new Forbidden("the host's role cannot be changed");
        }
        return target;
    }

    /**
     * Only the host acts on co-hosts (CONTRACT §7.1): a co-host's revoke, mute, remove or lower-hand aimed
     * at another co-host or at the host is refused. A null target is the host.
     */
    private static void notAPeer(Membership m, Attendee target) {
        if (!m.isHost() && (target == null || target.coHost())) {
            throw new Forbidden("only the host acts on the host and co-hosts");
        }
    }

    private static NotFound notInWorkshop(long userId) {
        return new NotFound("user " + userId + " in this workshop");
    }
}
