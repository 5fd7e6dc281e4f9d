package dev.lectern.webhook;

import dev.lectern.library.VideoCreated;
import dev.lectern.report.ReportService;
import dev.lectern.workshop.AttendeeRsvped;
import dev.lectern.workshop.WorkshopCreated;
import dev.lectern.workshop.WorkshopLookup;
import dev.lectern.workshop.WorkshopService;
import dev.lectern.workshop.WorkshopTransitioned;
import dev.lectern.workshop.WorkshopUpdated;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the domain's events into outbox rows. Plain {@code @EventListener}s: they run inside the
 * transaction that published the event, so the row commits or rolls back with the change itself
 * (a failed insert fails the change, which is the outbox's promise: no change without its message).
 * With no {@code LECTERN_WEBHOOK_URLS} every method returns at once.
 */
@Component
class WebhookEvents {

    private final Outbox outbox;
    private final WebhookSettings settings;
    private final WorkshopLookup workshops;
    private final WorkshopService workshopService;
    private final ReportService reports;

    WebhookEvents(
            Outbox outbox,
            WebhookSettings settings,
            WorkshopLookup workshops,
            WorkshopService workshopService,
            ReportService reports) {
        this.outbox = outbox;
        this.settings = settings;
        this.workshops = workshops;
        this.workshopService = workshopService;
        this.reports = reports;
    }

    @EventListener
    void on(WorkshopCreated e) {
        workshop("workshop.created", e.workshopId());
    }

    /** A PATCH that changed at least one field (the platform's edit publishes it). */
    @EventListener
    void on(WorkshopUpdated e) {
        if (!e.changed().isEmpty()) {
            workshop("workshop.updated", e.after().id());
        }
    }

    @EventListener
    void on(WorkshopTransitioned t) {
        if (!settings.enabled()) {
            return;
        }
        switch (t.to()) {
            case LOBBY -> workshop("workshop.updated", t.workshopId()); // the lobby opening (CONTRACT §7.6)
            case LIVE -> workshop("workshop.live", t.workshopId());
            case CANCELLED -> workshop("workshop.cancelled", t.workshopId());
            case ENDED -> {
                workshop("workshop.ended", t.workshopId());
                // the end has closed every session in this transaction: the report is final
                workshopService.find(t.workshopId()).ifPresent(w -> outbox.enqueue("report.ready", reports.build(w)));
            }
            default -> {}
        }
    }

    @EventListener
    void on(AttendeeRsvped e) {
        if (settings.enabled()) {
            outbox.enqueue("attendee.rsvp", Map.of("workshopId", e.workshopId(), "userId", e.userId()));
        }
    }

    @EventListener
    void on(VideoCreated e) {
        if (settings.enabled()) {
            outbox.enqueue("video.created", e.video());
        }
    }

    private void workshop(String type, long workshopId) {
        if (settings.enabled()) {
            workshops.view(workshopId).ifPresent(view -> outbox.enqueue(type, view));
        }
    }
}
