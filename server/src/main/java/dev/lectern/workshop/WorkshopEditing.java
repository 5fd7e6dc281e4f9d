package dev.lectern.workshop;

import dev.lectern.notification.NotificationService;
import dev.lectern.system.LecternException.Conflict;
import dev.lectern.system.LecternException.Forbidden;
import dev.lectern.system.LecternException.InvalidState;
import dev.lectern.system.LecternException.NotFound;
import dev.lectern.system.Sql;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Editing and rescheduling, withdrawing invitations, listing and lifting bans (CONTRACT §7.1). Each
 * method holds the workshop's row lock (explicit {@code SELECT … FOR UPDATE}) for its transaction, so
 * a PATCH and a start, or an unban and a remove, never interleave.
 */
@Service
public class WorkshopEditing {

    private static final Set<String> TIME_FIELDS = Set.of("scheduledStart", "durationMinutes");
    /** The fields a calendar shows (with the status): a change raises the event's SEQUENCE. */
    private static final Set<String> CALENDAR_FIELDS = Set.of("scheduledStart", "durationMinutes", "title");
    /** The fields that change what a joiner of the room is told or allowed. */
    private static final Set<String> ROOM_FIELDS = Set.of("admission", "qaMode", "qaAnonymous", "isPrivate");

    private final Memberships memberships;
    private final PlatformRepository platform;
    private final AttendeeRepository attendees;
    private final WorkshopViews views;
    private final NotificationService notifications;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    WorkshopEditing(
            Memberships memberships,
            PlatformRepository platform,
            AttendeeRepository attendees,
            WorkshopViews views,
            NotificationService notifications,
            ApplicationEventPublisher events,
            Clock clock) {
        this.memberships = memberships;
        this.platform = platform;
        this.attendees = attendees;
        this.views = views;
        this.notifications = notifications;
        this.events = events;
        this.clock = clock;
    }

    /** Host or co-host: applies a checked merge patch. A patch that changes nothing publishes nothing. */
    @Transactional
    public WorkshopView patch(long workshopId, long userId, WorkshopPatch patch) {
        Membership m = memberships.requireLocked(workshopId, userId, Access.MANAGE, "edit this workshop");
        Workshop before = m.workshop();
        if (before.status() == WorkshopStatus.ENDED || before.status() == WorkshopStatus.CANCELLED) {
            throw new InvalidState("a workshop that is " + before.status().wire() + " cannot be edited");
        }
        if (before.status() != WorkshopStatus.SCHEDULED
                && patch.present().stream().anyMatch(TIME_FIELDS::contains)) {
            throw new InvalidState(
                    "scheduledStart and durationMinutes can change only while the workshop is scheduled");
        }
        if (patch.has("maxAttendees") && patch.maxAttendees() != null) {
            int count = attendees.countSignedUp(workshopId);
            if (patch.maxAttendees() < count) {
                throw new Conflict(
                        "maxAttendees " + patch.maxAttendees() + " is below the " + count + " attendees signed up");
            }
        }
        Workshop after = patch.applyTo(before);
        Set<String> changed = changed(before, after);
        if (changed.isEmpty()) {
            return views.of(before);
        }
        Instant now = Sql.now(clock);
        boolean startMoved = changed.contains("scheduledStart");
        platform.update(after, changed.stream().anyMatch(CALENDAR_FIELDS::contains), startMoved, now);
        WorkshopView view = views.of(after);
        // in the transaction: the webhook outbox and the waiting room's "admit everyone" share it
        events.publishEvent(new WorkshopUpdated(before, after, Set.copyOf(changed)));
        events.publishEvent(new WorkshopEdited(workshopId, view));
        if (changed.stream().anyMatch(ROOM_FIELDS::contains)) {
            events.publishEvent(new RoomChanged(workshopId));
        }
        if (startMoved) {
            List<Long> audience =
                    attendees.userIdsWithStatus(workshopId, List.of(AttendeeStatus.RSVP, AttendeeStatus.INVITED));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("workshopId", workshopId);
            payload.put("title", after.title());
            payload.put("scheduledStart", after.scheduledStart().toString());
            payload.put("previousStart", before.scheduledStart().toString());
            notifications.notify(
                    audience,
                    "workshop_rescheduled",
                    payload,
                    "workshop_rescheduled:" + workshopId + ":"
                            + after.scheduledStart().toEpochMilli());
        }
        return view;
    }

    /**
     * Host or co-host: the invitation and any panelist role end. On a private workshop the RSVP ends
     * too and the user leaves the room; what they attended stays recorded.
     *
     * @return what the room's edge must do after the commit
     */
    @Transactional
    public Withdrawal withdrawInvite(long workshopId, long userId, long targetUserId) {
        Membership m = memberships.requireLocked(workshopId, userId, Access.MANAGE, "withdraw an invitation");
        Workshop w = m.workshop();
        Attendee target = attendees
                .find(workshopId, targetUserId)
                .filter(a -> a.invitedAt() != null && a.status() != AttendeeStatus.REMOVED)
                .orElseThrow(() -> new NotFound("invitation of user " + targetUserId));
        notAPeer(m, target);
        boolean wasPanelist = platform.isPanelist(workshopId, targetUserId);
        platform.endInvitation(workshopId, targetUserId);
        boolean leaves = false;
        if (w.isPrivate()) {
            Instant now = Sql.now(clock);
            if (target.status() == AttendeeStatus.JOINED) {
                attendees.markLeft(target, now);
            }
            if (target.firstJoinedAt() == null) {
                attendees.delete(workshopId, targetUserId); // nothing recorded to keep
            } else if (target.status() == AttendeeStatus.RSVP || target.status() == AttendeeStatus.JOINED) {
                attendees.setStatus(workshopId, targetUserId, AttendeeStatus.LEFT);
            }
            leaves = true;
        } else if (target.status() == AttendeeStatus.INVITED) {
            attendees.delete(workshopId, targetUserId); // invited only: nothing else to keep
        }
        if (target.coHost() && w.isPrivate()) {
            attendees.setCoHost(workshopId, targetUserId, false);
        }
        events.publishEvent(new RoomChanged(workshopId));
        Withdrawal withdrawal = new Withdrawal(workshopId, targetUserId, leaves, wasPanelist);
        events.publishEvent(withdrawal); // the socket edge acts on it after the commit
        return withdrawal;
    }

    /** Host or co-host: the workshop's bans, oldest first. */
    @Transactional(readOnly = true)
    public List<PlatformRepository.Ban> bans(long workshopId, long userId) {
        memberships.require(workshopId, userId, Access.MANAGE, "list bans");
        return platform.bans(workshopId);
    }

    /** Host or co-host: lifts a ban. The record is an invitation again if there was one, else it goes. */
    @Transactional
    public void unban(long workshopId, long userId, long targetUserId) {
        memberships.requireLocked(workshopId, userId, Access.MANAGE, "lift a ban");
        Attendee target = attendees
                .find(workshopId, targetUserId)
                .filter(a -> a.status() == AttendeeStatus.REMOVED)
                .orElseThrow(() -> new NotFound("ban of user " + targetUserId));
        // A ban already took the co-host role (and the host cannot be banned), so there is no peer to protect here.
        if (target.invitedAt() != null) {
            platform.unban(workshopId, targetUserId);
        } else {
            attendees.delete(workshopId, targetUserId);
        }
        events.publishEvent(new RoomChanged(workshopId));
    }

    /** The attendee as {@code Moderation} sees peers: only the host acts on co-hosts. */
    private static void notAPeer(Membership m, Attendee target) {
        if (!m.isHost() && target.coHost()) {
            throw new Forbidden("only the host acts on the host and co-hosts");
        }
    }

    private static Set<String> changed(Workshop a, Workshop b) {
        Set<String> changed = new LinkedHashSet<>();
        diff(changed, "title", a.title(), b.title());
        diff(changed, "description", a.description(), b.description());
        diff(changed, "scheduledStart", a.scheduledStart(), b.scheduledStart());
        diff(changed, "durationMinutes", a.durationMinutes(), b.durationMinutes());
        diff(changed, "isPrivate", a.isPrivate(), b.isPrivate());
        diff(changed, "maxAttendees", a.maxAttendees(), b.maxAttendees());
        diff(changed, "categoryId", a.categoryId(), b.categoryId());
        diff(changed, "admission", a.admission(), b.admission());
        diff(changed, "qaMode", a.qaMode(), b.qaMode());
        diff(changed, "qaAnonymous", a.qaAnonymous(), b.qaAnonymous());
        return changed;
    }

    private static void diff(Set<String> changed, String field, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            changed.add(field);
        }
    }

    /** What withdrawing an invitation asks of the room, after the commit. */
    public record Withdrawal(long workshopId, long userId, boolean leavesRoom, boolean wasPanelist) {}
}
