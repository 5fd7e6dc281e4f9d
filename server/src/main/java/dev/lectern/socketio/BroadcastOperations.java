package dev.lectern.socketio;

import java.util.Set;
import java.util.function.Predicate;

/** Sends to every socket of one room of a namespace: the packet is encoded once, its bytes shared. */
public final class BroadcastOperations {

    private final SocketIONamespace namespace;
    private final String room;

    BroadcastOperations(SocketIONamespace namespace, String room) {
        this.namespace = namespace;
        this.room = room;
    }

    public void sendEvent(String event, Object... args) {
        sendEvent(client -> true, event, args);
    }

    /** The same, to the members {@code to} accepts only (one room's moderators, say): still encoded once. */
    public void sendEvent(Predicate<SocketIOClient> to, String event, Object... args) {
        Set<SocketIOClient> members = namespace.members(room);
        if (members == null || members.isEmpty()) {
            return;
        }
        Packets.Encoded packet = Packets.event(namespace.server.json(), namespace.getName(), event, args);
        try {
            for (SocketIOClient client : members) {
                if (to.test(client)) {
                    client.sendShared(packet);
                }
            }
        } finally {
            packet.text().release();
        }
    }
}
