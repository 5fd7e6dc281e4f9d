package dev.lectern.signaling;

import dev.lectern.signaling.Outbound.UserRef;
import dev.lectern.workshop.Panelists.PanelistsChanged;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells the room of role changes made by invites (CONTRACT §7.1), once they commit, on the workshop's
 * queue: {@code workshop:panelist-added} / {@code workshop:panelist-removed}. A new panelist's events take
 * the moderators' lane from now on this node (elsewhere from their next join).
 */
@Component
class PanelistBroadcasts {

    private final EventQueues queues;
    private final RoomBroadcaster broadcaster;
    private final Moderators moderators;

    PanelistBroadcasts(EventQueues queues, RoomBroadcaster broadcaster, Moderators moderators) {
        this.queues = queues;
        this.broadcaster = broadcaster;
        this.moderators = moderators;
    }

    @TransactionalEventListener
    void on(PanelistsChanged c) {
        queues.submit(c.workshopId(), () -> {
            for (long id : c.added()) {
                moderators.set(c.workshopId(), id, true);
                broadcaster.send(c.workshopId(), "workshop:panelist-added", new UserRef(id));
            }
            for (long id : c.removed()) {
                broadcaster.send(c.workshopId(), "workshop:panelist-removed", new UserRef(id));
            }
        });
    }
}
