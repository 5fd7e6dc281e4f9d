package dev.lectern.workshop;

import dev.lectern.system.LecternException.Banned;
import dev.lectern.system.LecternException.Forbidden;
import dev.lectern.system.LecternException.InvalidState;
import dev.lectern.system.Sql;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Entering and leaving a workshop's live room. Each call holds the workshop's row lock, so a join
 * never interleaves with a start or end: nobody is left {@code joined} in an ended workshop.
 */
@Service
public class RoomService {

    private final Memberships memberships;
    private final WorkshopRepository workshops;
    private final AttendeeRepository attendees;
    private final RoomRepository room;
    private final PresenceCommits commits;
    private final Clock clock;

    RoomService(
            Memberships memberships,
            WorkshopRepository workshops,
            AttendeeRepository attendees,
            RoomRepository room,
            PresenceCommits commits,
            Clock clock) {
        this.memberships = memberships;
        this.workshops = workshops;
        this.attendees = attendees;
        this.room = room;
        this.commits = commits;
        this.clock = clock;
    }

    /**
     * Lets a member in: host, co-host, RSVP'd or invited; workshop scheduled, lobby or live. In the
     * lobby or live they become {@code joined}.
     */
    @Transactional
    public Membership join(long workshopId, long userId) {
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
        if (status.isOpen()) {
            commits.relax();
            markJoined(m, Sql.now(clock));
        }
        return memberships.of(m.workshop(), userId);
    }

    /** The user's last socket left the room: {@code left}, with the session added to their presence time. */
    @Transactional
    public void leave(long workshopId, long userId) {
        leave(workshopId, userId, null);
    }

    /**
     * The same, with the session ending at {@code at} (a dead node's last heartbeat) rather than now; never
     * before the session began, never after now. Null means now.
     */
    @Transactional
    public void leave(long workshopId, long userId, Instant at) {
        commits.relax();
        memberships.lockedOf(workshopId, userId);
        Instant now = Sql.now(clock);
        attendees
                .find(workshopId, userId)
                .filter(a -> a.status() == AttendeeStatus.JOINED)
                .ifPresent(a -> attendees.markLeft(a, endOfSession(a, at, now)));
    }

    static Instant endOfSession(Attendee a, Instant at, Instant now) {
        if (at == null || at.isAfter(now)) {
            return now;
        }
        return a.joinedAt() != null && at.isBefore(a.joinedAt()) ? a.joinedAt() : at;
    }

    /**
     * The lobby opened or the workshop went live: members already in the room become {@code joined}.
     * One lock of the workshop row and one update for the whole room (not a lock and a read per user:
     * a 2,000-seat room used to cost 4,000 statements here): the update only touches rows that exist
     * and are neither joined nor removed, which is exactly the members {@link #join} would mark; the
     * host, who may have no row yet, gets one first.
     */
    @Transactional
    public void joinPresent(long workshopId, Collection<Long> userIds) {
        Workshop w = memberships.lock(workshopId);
        if (userIds.isEmpty() || !w.status().isOpen()) {
            return;
        }
        Instant now = Sql.now(clock);
        commits.relax();
        if (userIds.contains(w.hostId())) {
            room.insertHostIfAbsent(w.id(), w.hostId());
        }
        room.markJoined(w.id(), userIds, now);
    }

    /** The room as a late joiner sees it; {@code presentUserIds} are those with a socket in it. */
    @Transactional(readOnly = true)
    public RoomState state(long workshopId, Collection<Long> presentUserIds) {
        Workshop w = workshops.find(workshopId).orElseThrow(() -> Memberships.notFound(workshopId));
        return new RoomState(
                w.id(),
                w.status(),
                w.hostId(),
                room.coHostIds(w.id()),
                room.speakerIds(w.id()),
                room.raisedHands(w.id()),
                room.people(w, presentUserIds),
                w.startedAt(),
                w.endedAt(),
                room.panelistIds(w.id()));
    }

    /** Present users as {@link #state} lists them, for a few users only. */
    @Transactional(readOnly = true)
    public List<RoomState.Person> people(long workshopId, Collection<Long> userIds) {
        Workshop w = workshops.find(workshopId).orElseThrow(() -> Memberships.notFound(workshopId));
        return room.people(w, userIds);
    }

    private void markJoined(Membership m, Instant now) {
        if (m.isHost()) {
            room.insertHostIfAbsent(m.workshop().id(), m.userId());
        }
        room.markJoined(m.workshop().id(), m.userId(), now);
    }
}
