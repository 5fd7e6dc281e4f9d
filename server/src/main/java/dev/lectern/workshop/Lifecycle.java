package dev.lectern.workshop;

import dev.lectern.notification.NotificationService;
import dev.lectern.system.LecternException.InvalidTransition;
import dev.lectern.system.Sql;
import dev.lectern.workshop.WorkshopTransitioned.Cause;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves workshops through {@link Transition}s. Every move — a host's start, end or cancel, or a job's
 * lobby opening or no-show cancel — happens here, in one transaction holding the workshop's row
 * lock, and publishes one {@link WorkshopTransitioned} for after the commit. So a host's start and
 * the no-show job can never both win.
 */
@Service
public class Lifecycle {

    private final Memberships memberships;
    private final WorkshopRepository workshops;
    private final WorkshopViews views;
    private final AttendeeRepository attendees;
    private final NotificationService notifications;
    private final WorkshopSettings settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Lifecycle(
            Memberships memberships,
            WorkshopRepository workshops,
            WorkshopViews views,
            AttendeeRepository attendees,
            NotificationService notifications,
            WorkshopSettings settings,
            ApplicationEventPublisher events,
            Clock clock) {
        this.memberships = memberships;
        this.workshops = workshops;
        this.views = views;
        this.attendees = attendees;
        this.notifications = notifications;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    // The host's moves answer with the workshop as their own transaction left it, read under its lock:
    // a second read after the commit could show a later move (a job's, a co-host's) instead of this one.

    /** Host or co-host: {@code scheduled|lobby → live}. */
    @Transactional
    public WorkshopView start(long workshopId, long userId) {
        Membership m = memberships.requireLocked(workshopId, userId, Access.MANAGE, "start a workshop");
        return views.of(apply(m.workshop(), Transition.START, Cause.HOST));
    }

    /** Host or co-host: {@code live → ended}. */
    @Transactional
    public WorkshopView end(long workshopId, long userId) {
        Membership m = memberships.requireLocked(workshopId, userId, Access.MANAGE, "end a workshop");
        return views.of(apply(m.workshop(), Transition.END, Cause.HOST));
    }

    /** Host only: {@code scheduled|lobby → cancelled}. */
    @Transactional
    public WorkshopView cancel(long workshopId, long userId) {
        Membership m = memberships.requireLocked(workshopId, userId, Access.HOST, "cancel a workshop");
        return views.of(apply(m.workshop(), Transition.CANCEL, Cause.HOST));
    }

    /** The lobby job: opens the lobby if it is (still) due; false if not due or someone else holds the row. */
    @Transactional
    public boolean openLobbyIfDue(long workshopId) {
        Instant now = Sql.now(clock);
        return workshops
                .tryLock(workshopId)
                .filter(w -> w.status() == WorkshopStatus.SCHEDULED)
                .filter(w -> !w.scheduledStart().minus(settings.lobbyOpens()).isAfter(now))
                .map(w -> apply(w, Transition.OPEN_LOBBY, Cause.LOBBY_JOB))
                .isPresent();
    }

    /**
     * The no-show job: cancels a workshop nobody started within the grace period. A start that holds
     * the row makes this skip; a start that comes after finds the workshop cancelled.
     */
    @Transactional
    public boolean cancelIfNoShow(long workshopId) {
        Instant now = Sql.now(clock);
        return workshops
                .tryLock(workshopId)
                .filter(w -> Transition.CANCEL.allowedFrom(w.status()))
                .filter(w -> !w.scheduledStart().plus(settings.noShowGrace()).isAfter(now))
                .map(w -> apply(w, Transition.CANCEL, Cause.NO_SHOW_JOB))
                .isPresent();
    }

    private Workshop apply(Workshop w, Transition t, Cause cause) {
        if (!t.allowedFrom(w.status())) {
            throw new InvalidTransition(t.refusal(w.status()));
        }
        Instant now = Sql.now(clock);
        Instant startedAt = t == Transition.START ? now : w.startedAt();
        Instant endedAt = t == Transition.END ? now : w.endedAt();
        workshops.updateStatus(w.id(), t.to(), startedAt, endedAt);
        switch (t) {
            case END -> attendees.closeOnEnd(w.id(), now);
            case CANCEL -> notifyCancelled(w, cause);
            default -> {}
        }
        events.publishEvent(
                new WorkshopTransitioned(w.id(), w.agoraChannel(), w.status(), t.to(), startedAt, endedAt, cause));
        events.publishEvent(new RoomChanged(w.id())); // the room's status (and startedAt/endedAt) changed
        return new Workshop(
                w.id(),
                w.title(),
                w.description(),
                w.hostId(),
                t.to(),
                w.isPrivate(),
                w.scheduledStart(),
                w.durationMinutes(),
                w.maxAttendees(),
                w.categoryId(),
                w.agoraChannel(),
                startedAt,
                endedAt,
                w.admission(),
                w.qaMode(),
                w.qaAnonymous());
    }

    private void notifyCancelled(Workshop w, Cause cause) {
        List<Long> signedUp = attendees.userIdsWithStatus(w.id(), List.of(AttendeeStatus.RSVP, AttendeeStatus.INVITED));
        String reason = cause == Cause.NO_SHOW_JOB ? "no_show" : "host_cancelled";
        notifications.notify(
                signedUp,
                "workshop_cancelled",
                Map.of("workshopId", w.id(), "title", w.title(), "reason", reason),
                "workshop_cancelled:" + w.id());
    }
}
