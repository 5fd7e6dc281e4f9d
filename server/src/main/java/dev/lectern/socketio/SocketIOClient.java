package dev.lectern.socketio;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** One socket: a connection's membership of one namespace. Every method is safe from any thread. */
public final class SocketIOClient {

    final Connection connection;
    final SocketIONamespace namespace;
    private final UUID id = UUID.randomUUID();
    private final Set<String> rooms = ConcurrentHashMap.newKeySet(2);
    private volatile boolean connected;
    private volatile Object auth;

    SocketIOClient(Connection connection, SocketIONamespace namespace) {
        this.connection = connection;
        this.namespace = namespace;
    }

    /** The socket's id, sent to the client in the CONNECT answer. */
    public UUID getSessionId() {
        return id;
    }

    public SocketIONamespace getNamespace() {
        return namespace;
    }

    public HandshakeData getHandshakeData() {
        return connection.engine.handshake();
    }

    /** The CONNECT's {@code auth} payload, while connect listeners run (not kept after: memory per socket). */
    public Object getHandshakeAuth() {
        return auth;
    }

    /** True from CONNECT until the socket leaves its namespace or its connection closes. */
    public boolean isChannelOpen() {
        return connected;
    }

    /** Stops reading this socket's connection for a while (see {@link EngineSession#pauseReading}). */
    public void pauseReading(Duration pause) {
        if (connected) { // as for sends: a socket that has left its namespace is no one's to slow down
            connection.engine.pauseReading(pause.toMillis());
        }
    }

    /** Emits an event; {@code byte[]} arguments travel as binary attachments. */
    public void sendEvent(String event, Object... args) {
        if (connected) {
            Packets.event(namespace.server.json(), namespace.getName(), event, args)
                    .sendTo(connection.engine);
        }
    }

    void sendAck(long ackId, Object[] args) {
        if (connected) {
            Packets.encode(namespace.server.json(), Packets.ACK, namespace.getName(), ackId, Arrays.asList(args))
                    .sendTo(connection.engine);
        }
    }

    void sendShared(Packets.Encoded packet) {
        if (connected) {
            packet.sendCopyTo(connection.engine);
        }
    }

    public void joinRoom(String room) {
        if (rooms.add(room)) {
            namespace.join(room, this);
            if (!connected) { // disconnected meanwhile: leave nothing behind
                leaveRoom(room);
            }
        }
    }

    public void leaveRoom(String room) {
        if (rooms.remove(room)) {
            namespace.leave(room, this);
        }
    }

    public Set<String> getAllRooms() {
        return Set.copyOf(rooms);
    }

    /** Leaves the namespace (the client gets DISCONNECT); the connection closes if it was the last. */
    public void disconnect() {
        connection.disconnect(this);
    }

    void connected(Object auth) {
        this.auth = auth;
        this.connected = true;
    }

    void authDone() {
        this.auth = null;
    }

    void disconnected() {
        connected = false;
        for (String room : rooms) {
            leaveRoom(room);
        }
    }

    @Override
    public String toString() {
        return "socket " + id + " on " + namespace.getName() + " from " + connection.engine.address();
    }
}
