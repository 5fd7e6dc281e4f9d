package dev.lectern.signaling;

import dev.lectern.workshop.RoomService;
import dev.lectern.workshop.WorkshopTransitioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells a workshop's room about each lifecycle transition once it has committed (a rolled-back start
 * says nothing). It runs on the workshop's queue, after the events that arrived before it.
 */
@Component
class LifecycleBroadcasts {

    private static final Logger log = LoggerFactory.getLogger(LifecycleBroadcasts.class);

    private final EventQueues queues;
    private final RoomService roomService;
    private final PresenceStore presence;
    private final RoomBroadcaster broadcaster;

    LifecycleBroadcasts(
            EventQueues queues, RoomService roomService, PresenceStore presence, RoomBroadcaster broadcaster) {
        this.queues = queues;
        this.roomService = roomService;
        this.presence = presence;
        this.broadcaster = broadcaster;
    }

    @TransactionalEventListener
    void on(WorkshopTransitioned t) {
        queues.submit(t.workshopId(), () -> {
            if (t.to().isOpen()) {
                try {
                    // those who waited in the room of a scheduled workshop are now present in its lobby
                    roomService.joinPresent(t.workshopId(), presence.users(t.workshopId()));
                } catch (RuntimeException e) {
                    // attendance is off for them until they rejoin; the room must still hear of the change
                    log.warn("could not mark the room of workshop {} joined", t.workshopId(), e);
                }
            }
            broadcaster.send(
                    t.workshopId(),
                    "workshop:state-changed",
                    new Outbound.StateChanged(t.to().wire(), Outbound.iso(t.startedAt()), Outbound.iso(t.endedAt())));
        });
    }
}
