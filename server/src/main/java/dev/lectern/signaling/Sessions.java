package dev.lectern.signaling;

import dev.lectern.identity.CurrentUser;
import dev.lectern.socketio.SocketIOClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Who each connected socket is. Kept here rather than on the socket, so the transport
 * ({@code dev.lectern.socketio}) stays free of Lectern types.
 */
@Component
class Sessions {

    // keyed by namespace client: one connection may carry /workshop and /notifications
    private final Map<SocketIOClient, CurrentUser> users = new ConcurrentHashMap<>();

    void put(SocketIOClient client, CurrentUser user) {
        users.put(client, user);
    }

    /** The socket's user, or null if it never authenticated or has gone. */
    CurrentUser user(SocketIOClient client) {
        return users.get(client);
    }

    /** Forgets the socket; returns its user, or null for a socket that was refused at connect. */
    CurrentUser remove(SocketIOClient client) {
        return users.remove(client);
    }

    boolean isOpen(SocketIOClient client) {
        return users.containsKey(client);
    }
}
