package dev.lectern.signaling;

import dev.lectern.socketio.SocketIOClient;
import dev.lectern.socketio.SocketIONamespace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lectern.cluster.ClusterBus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Component;

/**
 * Sends to the rooms of the running server's namespaces, on this node and on every other. This
 * node's members get the event directly (never by a round trip through Redis, so they keep getting
 * it while Redis is away); the other nodes get it from the {@link ClusterBus} and hand it to theirs.
 * Room operations must go through the namespace: the server's own {@code getRoomOperations} targets
 * the default one. An event is serialised once ({@link EncodedJson}) and that one frame goes to every
 * local recipient and, as text, to the other nodes, which send it on without parsing it.
 */
@Component
class Rooms {

    static final String NAMESPACE = "/workshop";
    static final String BROADCAST = "room";

    private final EncodedJson json;
    private final ClusterBus bus;
    private final Map<String, SocketIONamespace> namespaces = new ConcurrentHashMap<>();
    private volatile LongConsumer beforeSend = workshopId -> { };

    Rooms(EncodedJson json, ClusterBus bus) {
        this.json = json;
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

    /** Runs before every {@link #send}: held-back presence goes out first, so events stay in order. */
    void beforeEachSend(LongConsumer hook) {
        this.beforeSend = hook;
    }

    void send(long workshopId, String event, Object payload) {
        beforeSend.accept(workshopId);
        sendNow(workshopId, event, payload);
    }

    /** Sends without the {@link #beforeEachSend} hook: for the presence batches themselves. */
    void sendNow(long workshopId, String event, Object payload) {
        sendTo(NAMESPACE, of(workshopId), event, payload);
    }

    /** Every member of the room, on every node. */
    void sendTo(String namespace, String room, String event, Object payload) {
        EncodedJson.Encoded frame = json.encode(event, payload);
        deliver(namespace, room, frame);
        if (!bus.shared()) {
            return;
        }
        var message = JsonNodeFactory.instance.objectNode().put("ns", namespace).put("room", room).put("event", event)
                .put("frame", new String(frame.frame(), StandardCharsets.UTF_8));
        bus.publish(BROADCAST, message);
    }

    private void deliver(String namespace, String room, EncodedJson.Encoded frame) {
        SocketIONamespace ns = namespaces.get(namespace);
        if (ns != null) {
            ns.getRoomOperations(room).sendEvent(frame.event(), frame);
        }
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
        String event = message.path("event").asText();
        byte[] frame = message.path("frame").asText().getBytes(StandardCharsets.UTF_8);
        deliver(message.path("ns").asText(), message.path("room").asText(), new EncodedJson.Encoded(event, frame));
    }
}
