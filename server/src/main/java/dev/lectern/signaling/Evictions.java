package dev.lectern.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lectern.cluster.ClusterBus;
import dev.lectern.socketio.SocketIOClient;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A removed user's sockets leave the room on whichever node holds them: this node's at once, the
 * others' when the bus brings them the news. Rejoining is refused by the database's ban whatever
 * the bus does, so a lost message only lets an already-removed socket overhear the room until it
 * disconnects.
 */
@Component
class Evictions {

    static final String EVICT = "evict";

    private final ClusterBus bus;
    private final PresenceStore presence;
    private final RoomBroadcaster broadcaster;

    Evictions(ClusterBus bus, PresenceStore presence, RoomBroadcaster broadcaster) {
        this.bus = bus;
        this.presence = presence;
        this.broadcaster = broadcaster;
        bus.subscribe(EVICT, this::fromOtherNode);
    }

    void evict(long workshopId, long userId) {
        leave(workshopId, presence.evict(workshopId, userId));
        if (bus.shared()) {
            bus.publish(
                    EVICT,
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("workshopId", workshopId)
                            .put("userId", userId));
        }
    }

    private void fromOtherNode(JsonNode message) {
        long workshopId = message.path("workshopId").asLong();
        leave(
                workshopId,
                presence.evictLocally(workshopId, message.path("userId").asLong()));
    }

    private void leave(long workshopId, Set<UUID> sockets) {
        for (UUID socket : sockets) {
            SocketIOClient client = broadcaster.client(socket);
            if (client != null) {
                client.leaveRoom(RoomBroadcaster.of(workshopId));
            }
        }
    }
}
