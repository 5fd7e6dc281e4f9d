package dev.lectern.socketio;

import dev.lectern.socketio.Listeners.AuthTokenListener;
import dev.lectern.socketio.Listeners.AuthTokenResult;
import dev.lectern.socketio.Listeners.ConnectListener;
import dev.lectern.socketio.Listeners.DataListener;
import dev.lectern.socketio.Listeners.DisconnectListener;
import dev.lectern.socketio.Listeners.EventListener;
import dev.lectern.socketio.Listeners.Refusal;
import dev.lectern.socketio.Listeners.RefusedListener;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A namespace: its listeners, its connected sockets, and its rooms (this node's members only). */
// Netty's write, close and schedule futures: a failed write closes the channel and reaches
// exceptionCaught, so nothing here waits on them or needs their result.
@SuppressWarnings("FutureReturnValueIgnored")
public final class SocketIONamespace {

    private static final Logger log = LoggerFactory.getLogger(SocketIONamespace.class);
    /**
     * Connect listeners run this long after the CONNECT answer is written, so that answer and what the
     * listeners emit (the suites' {@code auth} event) reach the client in separate reads. Clients that
     * take one message per wake-up, as the suites' ws 8.5 does, lose the second of two frames that arrive
     * in one read; the Node server's write pacing (one packet in flight, the next after its drain) leaves
     * such a gap by itself. Measured: with no gap the socket.io suite lost one or two of its connect tests
     * in most runs on this machine; with 1 ms, none in five.
     */
    static final long CONNECT_LISTENER_DELAY_US = 1000;

    private record Handler(EventListener listener, boolean takesBinary) {}

    final SocketIOServer server;
    private final String name;
    private final Map<UUID, SocketIOClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Set<SocketIOClient>> rooms = new ConcurrentHashMap<>();
    private final List<AuthTokenListener> auth = new CopyOnWriteArrayList<>();
    private final List<ConnectListener> connects = new CopyOnWriteArrayList<>();
    private final List<DisconnectListener> disconnects = new CopyOnWriteArrayList<>();
    private final Map<String, Handler> events = new ConcurrentHashMap<>();
    private volatile RefusedListener refused = (client, event, why, ack) -> {};

    SocketIONamespace(SocketIOServer server, String name) {
        this.server = server;
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void addAuthTokenListener(AuthTokenListener listener) {
        auth.add(listener);
    }

    public void addConnectListener(ConnectListener listener) {
        connects.add(listener);
    }

    public void addDisconnectListener(DisconnectListener listener) {
        disconnects.add(listener);
    }

    /** The event's first argument, as {@code type}; an event with binary attachments is refused instead. */
    public <T> void addEventListener(String event, Class<T> type, DataListener<T> listener) {
        events.put(
                event,
                new Handler(
                        (client, args, ack) -> {
                            Object first = args.isEmpty() ? null : args.get(0);
                            T data;
                            if (type == Object.class || first == null || type.isInstance(first)) {
                                data = type.cast(first);
                            } else {
                                try {
                                    data = server.json().convertValue(first, type);
                                } catch (IllegalArgumentException e) {
                                    data = null;
                                }
                            }
                            listener.onData(client, data, ack);
                        },
                        false));
    }

    /** Every argument, binary attachments included as {@code byte[]}. */
    public void addEventListener(String event, EventListener listener) {
        events.put(event, new Handler(listener, true));
    }

    /** Gets the events that no listener takes (unknown, or with attachments a listener does not take). */
    public void onRefused(RefusedListener listener) {
        this.refused = listener;
    }

    public SocketIOClient getClient(UUID id) {
        return clients.get(id);
    }

    public Collection<SocketIOClient> getAllClients() {
        return List.copyOf(clients.values());
    }

    public BroadcastOperations getRoomOperations(String room) {
        return new BroadcastOperations(this, room);
    }

    /** The room's sockets on this server, as of now (a copy). */
    public Set<SocketIOClient> getRoomClients(String room) {
        Set<SocketIOClient> members = rooms.get(room);
        return members == null ? Set.of() : Set.copyOf(members);
    }

    Set<SocketIOClient> members(String room) {
        return rooms.get(room);
    }

    void join(String room, SocketIOClient client) {
        rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(client);
    }

    void leave(String room, SocketIOClient client) {
        rooms.computeIfPresent(room, (r, members) -> {
            members.remove(client);
            return members.isEmpty() ? null : members;
        });
    }

    /** Null to admit, else the CONNECT_ERROR payload. */
    Object authorize(SocketIOClient client, Object authPayload) {
        for (AuthTokenListener listener : auth) {
            AuthTokenResult result;
            try {
                result = listener.getAuthTokenResult(authPayload, client);
            } catch (RuntimeException e) {
                log.warn("auth listener of {} failed", name, e);
                return Map.of("message", "Not authorized");
            }
            if (!result.success()) {
                Object data = result.errorData();
                return data instanceof Map<?, ?> m && m.get("message") instanceof String
                        ? data
                        : data == null
                                ? Map.of("message", "Not authorized")
                                : Map.of("message", "Not authorized", "data", data);
            }
        }
        return null;
    }

    void connected(SocketIOClient client, Object authPayload) {
        clients.put(client.getSessionId(), client);
        client.connected(authPayload);
        // the listeners run a moment later: the CONNECT answer leaves in a read of its own first
        client.connection
                .engine
                .loop()
                .schedule(
                        () -> runConnectListeners(client),
                        CONNECT_LISTENER_DELAY_US,
                        java.util.concurrent.TimeUnit.MICROSECONDS);
    }

    private void runConnectListeners(SocketIOClient client) {
        if (!client.isChannelOpen()) {
            return;
        }
        try {
            for (ConnectListener listener : connects) {
                listener.onConnect(client);
            }
        } catch (RuntimeException e) {
            log.warn("connect listener of {} failed", name, e);
        } finally {
            client.authDone();
        }
    }

    void disconnected(SocketIOClient client) {
        if (clients.remove(client.getSessionId(), client)) {
            client.disconnected();
            for (DisconnectListener listener : disconnects) {
                try {
                    listener.onDisconnect(client);
                } catch (RuntimeException e) {
                    log.warn("disconnect listener of {} failed", name, e);
                }
            }
        }
    }

    void dispatch(SocketIOClient client, String event, List<Object> args, long ackId, boolean binary) {
        AckRequest ack = new AckRequest(client, ackId);
        Handler handler = events.get(event);
        try {
            if (handler == null) {
                refused.onRefused(client, event, Refusal.UNKNOWN_EVENT, ack);
            } else if (binary && !handler.takesBinary()) {
                refused.onRefused(client, event, Refusal.BINARY_ATTACHMENTS, ack);
            } else {
                handler.listener().onEvent(client, args, ack);
            }
        } catch (RuntimeException e) {
            log.warn("listener of {} on {} failed", event, name, e);
        }
    }

    void refuse(SocketIOClient client, String event, Refusal why, AckRequest ack) {
        try {
            refused.onRefused(client, event, why, ack);
        } catch (RuntimeException e) {
            log.warn("refusal listener of {} failed", name, e);
        }
    }
}
