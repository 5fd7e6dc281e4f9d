package dev.lectern.signaling;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.springframework.stereotype.Component;

/**
 * Sends to the rooms of the {@code /workshop} namespace of the running server. Room operations must
 * go through the namespace: the server's own {@code getRoomOperations} targets the default one.
 */
@Component
class Rooms {

    static final String NAMESPACE = "/workshop";

    private final EncodedJson json;
    private volatile SocketIONamespace namespace;
    private volatile LongConsumer beforeSend = workshopId -> { };

    Rooms(EncodedJson json) {
        this.json = json;
    }

    static String of(long workshopId) {
        return "workshop:" + workshopId;
    }

    /** Called when a (re)started server registers its namespace. */
    void attach(SocketIONamespace namespace) {
        this.namespace = namespace;
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
        SocketIONamespace ns = namespace;
        if (ns != null) {
            // serialised here once for the whole room, not per recipient (EncodedJson)
            ns.getRoomOperations(of(workshopId)).sendEvent(event, json.encode(event, payload));
        }
    }

    /** The socket with this id on this node, or null once it is gone. */
    SocketIOClient client(UUID socket) {
        SocketIONamespace ns = namespace;
        return ns == null ? null : ns.getClient(socket);
    }
}
