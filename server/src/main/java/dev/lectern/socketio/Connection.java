package dev.lectern.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket.IO side of one Engine.IO session: decodes its packets, joins and leaves namespaces,
 * reassembles binary attachments, and closes the session on anything the protocol cannot decode,
 * as the official servers do. Runs on the session's event loop.
 */
final class Connection implements EngineSession.Listener {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** More attachments than this in one packet is taken for an attack, not a message. */
    static final int MAX_ATTACHMENTS = 10;

    private static final Set<String> RESERVED =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    final EngineSession engine;
    final SocketIOServer server;
    private final Map<String, SocketIOClient> sockets = new HashMap<>(2);
    private ScheduledFuture<?> connectTimer;
    private Partial partial;

    /** A binary packet waiting for its attachments. */
    private static final class Partial {
        final int type;
        final String nsp;
        final long id;
        final Object payload;
        final int expected;
        final List<byte[]> attachments = new ArrayList<>();

        Partial(int type, String nsp, long id, Object payload, int expected) {
            this.type = type;
            this.nsp = nsp;
            this.id = id;
            this.payload = payload;
            this.expected = expected;
        }
    }

    Connection(EngineSession engine, SocketIOServer server) {
        this.engine = engine;
        this.server = server;
    }

    @Override
    public void onOpen() {
        // a connection that joins no namespace in time is closed, as the socket.io server does
        connectTimer = engine.loop()
                .schedule(
                        () -> {
                            if (sockets.isEmpty()) {
                                engine.close();
                            }
                        },
                        server.config().connectTimeout(),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void onMessage(String s) {
        if (partial != null) {
            malformed("socket_packet", "text while binary attachments were expected");
            return;
        }
        if (s.isEmpty() || s.charAt(0) < '0' || s.charAt(0) > '6') {
            malformed("socket_packet", "unknown packet type");
            return;
        }
        int type = s.charAt(0) - '0';
        int i = 1;
        int len = s.length();
        int attachments = 0;
        if (type == Packets.BINARY_EVENT || type == Packets.BINARY_ACK) {
            int start = i;
            while (i < len && Character.isDigit(s.charAt(i)) && i - start < 4) {
                i++;
            }
            if (i == start || i >= len || s.charAt(i) != '-') {
                malformed("socket_packet", "bad attachment count");
                return;
            }
            attachments = Integer.parseInt(s, start, i, 10);
            i++;
            if (attachments > MAX_ATTACHMENTS) {
                malformed("socket_packet", "too many attachments");
                return;
            }
        }
        String nsp = "/";
        if (i < len && s.charAt(i) == '/') {
            int start = i;
            while (i < len && s.charAt(i) != ',') {
                i++;
            }
            nsp = s.substring(start, i);
            if (i < len) {
                i++;
            }
        }
        long id = -1;
        int start = i;
        while (i < len && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i > start) {
            if (i - start > 15) {
                malformed("socket_packet", "ack id too long");
                return;
            }
            id = Long.parseLong(s, start, i, 10);
        }
        Object payload = null;
        boolean hasPayload = i < len;
        if (hasPayload) {
            try {
                payload = server.json().readValue(s.substring(i), Object.class);
            } catch (StreamConstraintsException e) {
                tooComplex(type, nsp, id);
                return;
            } catch (JsonProcessingException e) {
                malformed("socket_packet", "invalid JSON");
                return;
            }
        }
        if (hasPayload && !valid(type, payload)) {
            malformed("socket_packet", "invalid payload for packet type " + type);
            return;
        }
        if (attachments > 0) {
            partial = new Partial(type, nsp, id, payload, attachments);
            return;
        }
        packet(type, nsp, id, payload, false);
    }

    @Override
    public void onBinary(byte[] data) {
        Partial p = partial;
        if (p == null) {
            malformed("socket_packet", "binary data when no packet expected it");
            return;
        }
        p.attachments.add(data);
        if (p.attachments.size() < p.expected) {
            return;
        }
        partial = null;
        Object payload;
        try {
            payload = Packets.reconstruct(p.payload, p.attachments, 0);
        } catch (IllegalArgumentException e) {
            malformed("socket_packet", "placeholder without its attachment");
            return;
        }
        packet(p.type == Packets.BINARY_EVENT ? Packets.EVENT : Packets.ACK, p.nsp, p.id, payload, true);
    }

    @Override
    public void onClose(String reason) {
        if (connectTimer != null) {
            connectTimer.cancel(false);
        }
        List<SocketIOClient> gone = new ArrayList<>(sockets.values());
        sockets.clear();
        for (SocketIOClient socket : gone) {
            socket.namespace.disconnected(socket);
        }
    }

    private static boolean valid(int type, Object payload) {
        return switch (type) {
            case Packets.CONNECT -> payload instanceof Map;
            case Packets.DISCONNECT -> false;
            case Packets.EVENT, Packets.BINARY_EVENT ->
                payload instanceof List<?> l
                        && !l.isEmpty()
                        && (l.get(0) instanceof Number
                                || (l.get(0) instanceof String name && !RESERVED.contains(name)));
            case Packets.ACK, Packets.BINARY_ACK -> payload instanceof List;
            case Packets.CONNECT_ERROR -> payload instanceof Map || payload instanceof String;
            default -> false;
        };
    }

    private void packet(int type, String nsp, long id, Object payload, boolean binary) {
        switch (type) {
            case Packets.CONNECT -> connect(nsp, payload);
            case Packets.DISCONNECT -> {
                SocketIOClient socket = sockets.remove(nsp);
                if (socket != null) {
                    socket.namespace.disconnected(socket);
                }
            }
            case Packets.EVENT -> {
                SocketIOClient socket = sockets.get(nsp);
                if (socket != null && payload instanceof List<?> list) {
                    List<Object> args = new ArrayList<>(list.subList(1, list.size()));
                    socket.namespace.dispatch(socket, String.valueOf(list.get(0)), args, id, binary);
                }
            }
            default -> {
                // ACKs of server emits (the server asks for none) and CONNECT_ERROR from a client: ignored
            }
        }
    }

    private void tooComplex(int type, String nsp, long id) {
        SocketIOClient socket = sockets.get(nsp);
        if (type != Packets.EVENT || socket == null) {
            malformed("socket_packet", "JSON past the parser's limits");
            return;
        }
        // well-formed, only too deep to decode safely: answered, not dropped, and the socket stays
        server.config().malformed.malformed("json_limits", engine.address(), "JSON past the parser's limits");
        socket.namespace.refuse(socket, null, Listeners.Refusal.TOO_COMPLEX, new AckRequest(socket, id));
    }

    private void connect(String nsp, Object auth) {
        SocketIONamespace ns = server.getNamespace(nsp);
        if (ns == null) {
            engine.sendEncoded(Packets.simple(Packets.CONNECT_ERROR, nsp, "{\"message\":\"Invalid namespace\"}"));
            return;
        }
        if (sockets.containsKey(nsp)) {
            return; // already connected there: the client's retry of a CONNECT it sent twice
        }
        SocketIOClient socket = new SocketIOClient(this, ns);
        Object error = ns.authorize(socket, auth == null ? Map.of() : auth);
        if (error != null) {
            String json;
            try {
                json = server.json().writeValueAsString(error);
            } catch (JsonProcessingException e) {
                json = "{\"message\":\"Not authorized\"}";
            }
            engine.sendEncoded(Packets.simple(Packets.CONNECT_ERROR, nsp, json));
            return;
        }
        sockets.put(nsp, socket);
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
        engine.sendEncoded(Packets.simple(Packets.CONNECT, nsp, "{\"sid\":\"" + socket.getSessionId() + "\"}"));
        ns.connected(socket, auth == null ? Map.of() : auth);
    }

    /** The server ends one namespace socket: the client is told; without namespaces the connection goes. */
    void disconnect(SocketIOClient socket) {
        if (engine.loop().isShuttingDown()) {
            return; // the server is stopping: every connection is being closed anyway
        }
        engine.loop().execute(() -> {
            if (sockets.remove(socket.namespace.getName(), socket)) {
                engine.sendEncoded(Packets.simple(Packets.DISCONNECT, socket.namespace.getName(), null));
                socket.namespace.disconnected(socket);
                if (sockets.isEmpty()) {
                    engine.close();
                }
            }
        });
    }

    private void malformed(String kind, String detail) {
        server.config().malformed.malformed(kind, engine.address(), detail);
        if (log.isDebugEnabled()) {
            log.debug("closing {}: {}", engine.address(), detail);
        }
        partial = null;
        engine.abort();
    }
}
