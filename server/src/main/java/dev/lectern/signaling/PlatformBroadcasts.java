package dev.lectern.signaling;

import dev.lectern.workshop.WorkshopEdited;
import dev.lectern.workshop.WorkshopEditing;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the room hears of editing and un-inviting (CONTRACT §7.1), once the change has committed, on
 * the workshop's queue so it lands in order with the room's other events.
 */
@Component
class PlatformBroadcasts {

    private final EventQueues queues;
    private final RoomBroadcaster broadcaster;
    private final PresenceStore presence;
    private final Evictions evictions;
    private final Moderators moderators;
    private final JsonMapper restJson;

    PlatformBroadcasts(
            EventQueues queues,
            RoomBroadcaster broadcaster,
            PresenceStore presence,
            Evictions evictions,
            Moderators moderators,
            JsonMapper restJson) {
        this.restJson = restJson;
        this.queues = queues;
        this.broadcaster = broadcaster;
        this.presence = presence;
        this.evictions = evictions;
        this.moderators = moderators;
    }

    @TransactionalEventListener
    void on(WorkshopEdited e) {
        // the workshop exactly as REST shows it (instants as ISO strings): the socket edge's own mapper knows no
        // Instant
        Map<?, ?> workshop = restJson.convertValue(e.workshop(), Map.class);
        queues.submit(
                e.workshopId(),
                () -> broadcaster.send(e.workshopId(), "workshop:updated", Map.of("workshop", workshop)));
    }

    /** A withdrawn invitation: the panelist role goes at once; on a private workshop the user leaves the room. */
    @TransactionalEventListener
    void on(WorkshopEditing.Withdrawal w) {
        queues.submit(w.workshopId(), () -> {
            if (w.wasPanelist()) {
                broadcaster.send(w.workshopId(), "workshop:panelist-removed", new Outbound.UserRef(w.userId()));
            }
            if (w.leavesRoom() && presence.isPresent(w.workshopId(), w.userId())) {
                moderators.set(w.workshopId(), w.userId(), false);
                evictions.evict(w.workshopId(), w.userId());
                broadcaster.left(
                        w.workshopId(),
                        w.userId(),
                        presence.users(w.workshopId()).size());
            }
        });
    }
}
