package dev.lectern.workshop;

import dev.lectern.notification.NotificationService;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Going live notifies the RSVP'd and invited users (CONTRACT §7.1, {@code workshop_live}), in the
 * start's own transaction: a start that rolls back tells nobody, and the notification service pushes
 * only what committed.
 */
@Component
class LiveNotifications {

    private final WorkshopRepository workshops;
    private final AttendeeRepository attendees;
    private final NotificationService notifications;

    LiveNotifications(WorkshopRepository workshops, AttendeeRepository attendees, NotificationService notifications) {
        this.workshops = workshops;
        this.attendees = attendees;
        this.notifications = notifications;
    }

    @EventListener
    void on(WorkshopTransitioned t) {
        if (t.to() != WorkshopStatus.LIVE) {
            return;
        }
        workshops
                .find(t.workshopId())
                .ifPresent(w -> notifications.notify(
                        attendees.userIdsWithStatus(w.id(), List.of(AttendeeStatus.RSVP, AttendeeStatus.INVITED)),
                        "workshop_live",
                        Map.of("workshopId", w.id(), "title", w.title()),
                        "workshop_live:" + w.id()));
    }
}
