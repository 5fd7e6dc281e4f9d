package dev.lectern.signaling;

import dev.lectern.workshop.WorkshopEdited;
import dev.lectern.workshop.WorkshopEditing;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

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

    PlatformBroadcasts(EventQueues queues, RoomBroadcaster broadcaster, PresenceStore presence, Evictions evictions,
            Moderators moderators) {
        this.queues = queues;
        this.broadcaster = broadcaster;
        this.presence = presence;
        this.evictions = evictions;
        this.moderators = moderators;
    }

    @TransactionalEventListener
    void on(WorkshopEdited e) {
        queues.submit(e.workshopId(), () -> broadcaster.send(e.workshopId(), "workshop:updated", Map.of("workshop", e.workshop())));
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
                broadcaster.left(w.workshopId(), w.userId(), presence.users(w.workshopId()).size());
            }
        });
    }
}
