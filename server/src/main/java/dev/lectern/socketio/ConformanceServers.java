package dev.lectern.socketio;

import java.util.ArrayList;
import java.util.List;

/**
 * The servers the official protocol test suites expect ({@code socketio/engine.io-protocol} and
 * {@code socketio/socket.io-protocol}, folder {@code test-suite/}), built from the same classes as
 * Lectern's: port 3000, ping 300/200, maxPayload 1,000,000, any Origin (as the suites' reference
 * servers' {@code cors: {origin: "*"}}, though echoed, never {@code *}).
 * <ul>
 *   <li>{@link #engineIo}: path {@code /engine.io/}, every message echoed back;</li>
 *   <li>{@link #socketIo}: path {@code /socket.io/}, namespaces {@code /} and {@code /custom} without
 *   authentication, {@code auth} emitted on connect, {@code message} echoed as {@code message-back},
 *   {@code message-with-ack} acked with its arguments, connectTimeout 1000.</li>
 * </ul>
 * Run {@code main} with {@code engine.io} or {@code socket.io} (and optionally a port); see docs/transport.md.
 */
public final class ConformanceServers {

    public static final int PORT = 3000;

    private ConformanceServers() {}

    static EngineConfig config(int port, String path) {
        return new EngineConfig()
                .host("127.0.0.1")
                .port(port)
                .path(path)
                .pingInterval(300)
                .pingTimeout(200)
                .maxPayload(1_000_000)
                .connectTimeout(1000)
                .originAllowed(origin -> true);
    }

    public static EngineServer engineIo(int port) {
        return new EngineServer(config(port, "/engine.io/"), session -> new EngineSession.Listener() {
            @Override
            public void onOpen() {}

            @Override
            public void onMessage(String text) {
                session.sendText(text);
            }

            @Override
            public void onBinary(byte[] data) {
                session.sendBinary(data);
            }

            @Override
            public void onClose(String reason) {}
        });
    }

    public static SocketIOServer socketIo(int port) {
        SocketIOServer server = new SocketIOServer(config(port, "/socket.io/"));
        SocketIONamespace main = server.addNamespace("/");
        main.addConnectListener(socket -> socket.sendEvent("auth", socket.getHandshakeAuth()));
        main.addEventListener("message", (socket, args, ack) -> {
            List<Object> back = new ArrayList<>(args);
            socket.sendEvent("message-back", back.toArray());
        });
        main.addEventListener("message-with-ack", (socket, args, ack) -> ack.sendAckData(args.toArray()));
        SocketIONamespace custom = server.addNamespace("/custom");
        custom.addConnectListener(socket -> socket.sendEvent("auth", socket.getHandshakeAuth()));
        return server;
    }

    public static void main(String[] args) throws InterruptedException {
        String which = args.length > 0 ? args[0] : "socket.io";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : PORT;
        Runnable stop;
        int bound;
        if ("engine.io".equals(which)) {
            EngineServer s = engineIo(port);
            bound = s.start();
            stop = s::stop;
        } else {
            SocketIOServer s = socketIo(port);
            bound = s.start();
            stop = s::stop;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop));
        System.out.println(which + " conformance server on port " + bound);
        Thread.currentThread().join();
    }
}
