package dev.lectern.signaling;

import dev.lectern.cluster.Nodes;
import dev.lectern.socketio.SocketIOClient;
import dev.lectern.workshop.RoomService;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * A dead node's sockets leave their rooms. Its users who have no socket left on any node are marked
 * {@code left} and their rooms hear {@code workshop:user-left}, as if each had disconnected; users
 * who already reconnected to another node stay present and nobody hears anything.
 */
@Component
@ConditionalOnExpression("!'${lectern.cluster.redis-url:}'.isBlank()")
class PresenceReaper implements Nodes.Reaper {

    private static final Logger log = LoggerFactory.getLogger(PresenceReaper.class);

    private final ClusteredPresence presence;
    private final RoomService roomService;
    private final RoomBroadcaster broadcaster;
    private final EventQueues queues;

    PresenceReaper(
            ClusteredPresence presence, RoomService roomService, RoomBroadcaster broadcaster, EventQueues queues) {
        this.presence = presence;
        this.roomService = roomService;
        this.broadcaster = broadcaster;
        this.queues = queues;
    }

    @Override
    public Runnable reap(String deadNode, Instant lastHeartbeat) {
        List<ClusteredPresence.Departure> gone = presence.removeNode(deadNode);
        return () -> gone.forEach(d -> queues.submit(d.workshopId(), () -> {
            // they may have come back through another node since the reap committed
            if (!presence.isPresent(d.workshopId(), d.userId())) {
                // a dead node's users were last known present at its last heartbeat, not at the reap
                roomService.leave(d.workshopId(), d.userId(), lastHeartbeat);
                // a dead node's users leave like any other: batched in a busy big room
                broadcaster.left(
                        d.workshopId(),
                        d.userId(),
                        presence.users(d.workshopId()).size());
            }
        }));
    }

    /** Our presence rows are gone, so our sockets' rooms are no longer ours to vouch for: let them reconnect and rejoin. */
    @Override
    public void fenced() {
        int n = 0;
        for (SocketIOClient client : broadcaster.clients()) {
            client.disconnect();
            n++;
        }
        log.warn("disconnected {} sockets after this node was taken for dead", n);
    }
}
