package dev.lectern.workshop;

import dev.lectern.identity.UserRepository;
import dev.lectern.notification.NotificationService;
import dev.lectern.system.LecternException.Banned;
import dev.lectern.system.LecternException.Conflict;
import dev.lectern.system.LecternException.Forbidden;
import dev.lectern.system.LecternException.Full;
import dev.lectern.system.LecternException.InvalidState;
import dev.lectern.system.LecternException.InvalidTransition;
import dev.lectern.system.Sql;
import dev.lectern.workshop.WorkshopRepository.NewWorkshop;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Scheduling, visibility, RSVPs and invitations. Status moves live in {@link Lifecycle}. */
@Service
public class WorkshopService {

    private final WorkshopRepository workshops;
    private final WorkshopViews views;
    private final AttendeeRepository attendees;
    private final Memberships memberships;
    private final UserRepository users;
    private final NotificationService notifications;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    WorkshopService(
            WorkshopRepository workshops,
            WorkshopViews views,
            AttendeeRepository attendees,
            Memberships memberships,
            UserRepository users,
            NotificationService notifications,
            Clock clock,
            ApplicationEventPublisher events) {
        this.workshops = workshops;
        this.views = views;
        this.attendees = attendees;
        this.memberships = memberships;
        this.users = users;
        this.notifications = notifications;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public WorkshopView create(NewWorkshop request) {
        // The channel name is the Agora channel: unique, and not guessable from the workshop id.
        String channel = "lectern-" + UUID.randomUUID().toString().replace("-", "");
        long id = workshops.insert(request, channel, Sql.now(clock));
        events.publishEvent(new WorkshopCreated(id));
        return views.find(id).orElseThrow(() -> Memberships.notFound(id));
    }

    /**
     * One statement, so no transaction: the busiest read of the API (every page load and poll). Only a
     * refusal reads again, to tell a removed user ({@code banned}) from a stranger (404).
     */
    public WorkshopView get(long workshopId, long userId) {
        return views.findVisible(workshopId, userId).orElseGet(() -> {
            memberships.require(workshopId, userId, Access.SEE, "see this workshop");
            throw Memberships.notFound(workshopId); // it was deleted in between, or the policy and the query disagree
        });
    }

    /** A workshop by id, for features acting on their own behalf (no caller, no visibility rules). */
    @Transactional(readOnly = true)
    public java.util.Optional<Workshop> find(long workshopId) {
        return workshops.find(workshopId);
    }

    @Transactional(readOnly = true)
    public java.util.Optional<Workshop> findByChannel(String agoraChannel) {
        return workshops.findByChannel(agoraChannel);
    }

    /** Everyone who signed up for or attended the workshop, removed users excluded; the host is not included. */
    @Transactional(readOnly = true)
    public List<Long> audience(long workshopId) {
        return attendees.userIdsWithStatus(
                workshopId,
                List.of(AttendeeStatus.RSVP, AttendeeStatus.JOINED, AttendeeStatus.LEFT, AttendeeStatus.NO_SHOW));
    }

    @Transactional(readOnly = true)
    public Page list(long userId, List<WorkshopStatus> statuses, WorkshopViews.Cursor after, int limit) {
        List<WorkshopView> rows = views.visibleTo(userId, statuses, after, limit + 1);
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<WorkshopView> page = rows.subList(0, limit);
        WorkshopView last = page.get(limit - 1);
        return new Page(List.copyOf(page), new WorkshopViews.Cursor(last.scheduledStart(), last.id()));
    }

    /** RSVP; the row lock makes the capacity check exact under concurrent sign-ups. */
    @Transactional
    public Attendee rsvp(long workshopId, long userId) {
        Membership m = memberships.lockedOf(workshopId, userId);
        Workshop w = m.workshop();
        if (m.isRemoved()) {
            throw new Banned(Banned.Attempt.SIGN_UP);
        }
        if (m.isHost()) {
            throw new Conflict("the host does not RSVP to their own workshop");
        }
        if (w.status() == WorkshopStatus.ENDED || w.status() == WorkshopStatus.CANCELLED) {
            throw new InvalidTransition(
                    "cannot RSVP to a workshop that is " + w.status().wire());
        }
        if (w.isPrivate() && m.attendee() == null) {
            throw new Forbidden("this workshop is private: an invitation is required");
        }
        Instant now = Sql.now(clock);
        Attendee a = m.attendee();
        if (a != null && a.status() != AttendeeStatus.INVITED) {
            return a; // already signed up: RSVP is idempotent
        }
        // panelists are not counted in attendeeCount and are never refused full (CONTRACT §7.2)
        if (w.maxAttendees() != null
                && !(a != null && a.panelist())
                && attendees.countSignedUp(w.id()) >= w.maxAttendees()) {
            throw new Full(w.maxAttendees());
        }
        if (a == null) {
            attendees.insert(w.id(), userId, AttendeeStatus.RSVP, now);
        } else {
            attendees.rsvp(w.id(), userId, now);
        }
        events.publishEvent(new AttendeeRsvped(w.id(), userId));
        return attendees.find(w.id(), userId).orElseThrow();
    }

    /** Withdraws an RSVP; an invitation stays. Nothing to withdraw is not an error. */
    @Transactional
    public void cancelRsvp(long workshopId, long userId) {
        Membership m = memberships.lockedOf(workshopId, userId);
        Attendee a = m.attendee();
        if (m.isRemoved()) {
            throw new Banned(Banned.Attempt.SIGN_UP);
        }
        if (a == null || a.status() == AttendeeStatus.INVITED) {
            return;
        }
        if (a.status() != AttendeeStatus.RSVP) {
            throw new InvalidState(
                    "you already attended this workshop (" + a.status().wire() + ")");
        }
        if (a.coHost()) {
            throw new InvalidState("a co-host cannot withdraw; ask the host to demote you first");
        }
        if (a.invitedAt() != null) {
            attendees.setStatus(workshopId, userId, AttendeeStatus.INVITED);
        } else {
            attendees.delete(workshopId, userId);
        }
    }

    /** Invites users (host or co-host). Returns those now invited or better; banned users stay out. */
    @Transactional
    public List<Long> invite(long workshopId, long userId, List<Long> userIds) {
        Membership m = memberships.requireLocked(workshopId, userId, Access.MANAGE, "invite");
        Workshop w = m.workshop();
        if (w.status() == WorkshopStatus.ENDED || w.status() == WorkshopStatus.CANCELLED) {
            throw new InvalidState(
                    "cannot invite to a workshop that is " + w.status().wire());
        }
        List<Long> wanted =
                userIds.stream().distinct().filter(id -> id != w.hostId()).toList();
        users.ensureExist(wanted);
        Instant now = Sql.now(clock);
        List<Long> invited = new ArrayList<>();
        List<Long> fresh = new ArrayList<>();
        for (long id : wanted) {
            var existing = attendees.find(w.id(), id);
            if (existing.isEmpty()) {
                attendees.insert(w.id(), id, AttendeeStatus.INVITED, now);
                fresh.add(id);
                invited.add(id);
            } else if (existing.get().status() != AttendeeStatus.REMOVED) {
                invited.add(id);
            }
        }
        notifications.notify(
                fresh,
                "workshop_invite",
                Map.of("workshopId", w.id(), "title", w.title(), "invitedBy", userId),
                "workshop_invite:" + w.id());
        return invited;
    }

    /** A page of workshops and where the next one starts. */
    public record Page(List<WorkshopView> items, WorkshopViews.Cursor next) {}
}
