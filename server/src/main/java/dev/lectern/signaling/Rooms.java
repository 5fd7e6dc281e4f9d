package dev.lectern.signaling;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lectern.cluster.ClusterBus;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Sends to the rooms of the running server's namespaces, on this node and on every other. This
 * node's members get the event directly (never by a round trip through Redis, so they keep getting
 * it while Redis is away); the other nodes get it from the {@link ClusterBus} and hand it to theirs.
 * Room operations must go through the namespace: the server's own {@code getRoomOperations} targets
 * the default one.
 */
@Component
class Rooms {

    static final String NAMESPACE = "/workshop";
    static final String BROADCAST = "room";

    // the payload as netty-socketio itself would write it (Jackson 2, nulls left out unless a record says otherwise)
    private final ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private final ClusterBus bus;
    private final Map<String, SocketIONamespace> namespaces = new ConcurrentHashMap<>();

    Rooms(ClusterBus bus) {
        this.bus = bus;
        bus.subscribe(BROADCAST, this::fromOtherNode);
    }

    static String of(long workshopId) {
        return "workshop:" + workshopId;
    }

    /** Called when a (re)started server registers a namespace. */
    void attach(SocketIONamespace namespace) {
        namespaces.put(namespace.getName(), namespace);
    }

    void send(long workshopId, String event, Object payload) {
        sendTo(NAMESPACE, of(workshopId), event, payload);
    }

    /** Every member of the room, on every node. */
    void sendTo(String namespace, String room, String event, Object payload) {
        SocketIONamespace ns = namespaces.get(namespace);
        if (ns != null) {
            ns.getRoomOperations(room).sendEvent(event, payload);
        }
        if (!bus.shared()) {
            return;
        }
        var message = json.createObjectNode().put("ns", namespace).put("room", room).put("event", event);
        message.set("payload", json.valueToTree(payload));
        bus.publish(BROADCAST, message);
    }

    /** The socket with this id on this node, or null once it is gone. */
    SocketIOClient client(UUID socket) {
        SocketIONamespace ns = namespaces.get(NAMESPACE);
        return ns == null ? null : ns.getClient(socket);
    }

    /** This node's clients of the namespace. */
    Iterable<SocketIOClient> clients() {
        SocketIONamespace ns = namespaces.get(NAMESPACE);
        return ns == null ? List.of() : ns.getAllClients();
    }

    private void fromOtherNode(JsonNode message) {
        SocketIONamespace ns = namespaces.get(message.path("ns").asText());
        if (ns != null) {
            ns.getRoomOperations(message.path("room").asText()).sendEvent(message.path("event").asText(), message.get("payload"));
        }
    }
}
