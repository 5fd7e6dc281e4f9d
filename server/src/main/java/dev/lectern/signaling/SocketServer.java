package dev.lectern.signaling;

import dev.lectern.socketio.EngineConfig;
import dev.lectern.socketio.SocketIOServer;
import dev.lectern.system.ConfigurationProblem;
import dev.lectern.system.TrustedProxies;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The Socket.IO server ({@link SocketIOServer}, our own, on Netty) on its own port, started and
 * stopped with the application. Each start builds a fresh server.
 */
@Component
public class SocketServer implements SmartLifecycle {

    /**
     * Largest WebSocket message or polling body accepted, as the handshake's {@code maxPayload}: the
     * socket.io default, 1,000,000 bytes. Bigger closes that connection, as the protocol says; within
     * it, an event the contract refuses (a chat over 1000 characters, say) is answered invalid_payload.
     */
    public static final int MAX_PAYLOAD_BYTES = 1_000_000;

    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

    private final SignalingSettings settings;
    private final SocketSettings edge;
    private final SocketAuth auth;
    private final EncodedJson json;
    private final List<SocketModule> modules;
    private final EngineConfig.MalformedPackets malformed;
    private final TrustedProxies proxies;
    private volatile SocketIOServer server;
    private volatile int port;

    SocketServer(
            SignalingSettings settings,
            SocketSettings edge,
            SocketAuth auth,
            EncodedJson json,
            List<SocketModule> modules,
            MalformedPackets malformed,
            @Value("${lectern.http.trusted-proxies:${LECTERN_TRUSTED_PROXIES:}}") String trustedProxies) {
        this.settings = settings;
        this.edge = edge;
        this.auth = auth;
        this.json = json;
        this.modules = modules;
        this.malformed = malformed;
        try {
            this.proxies = TrustedProxies.parse(trustedProxies);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationProblem(
                    "LECTERN_TRUSTED_PROXIES is not a list of addresses and CIDR blocks: " + e.getMessage(),
                    "Set it to comma-separated addresses or CIDR blocks of your reverse proxies, e.g. 127.0.0.1,10.0.0.0/8.");
        }
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        SocketIOServer fresh = new SocketIOServer(configuration());
        modules.forEach(m -> m.register(fresh));
        try {
            port = fresh.start();
        } catch (Exception e) { // Netty rethrows the checked BindException undeclared
            fresh.stop();
            throw new ConfigurationProblem(
                    "cannot listen for Socket.IO on " + settings.bindAddress() + ":" + settings.port() + " ("
                            + e.getMessage() + ")",
                    "Set LECTERN_SOCKET_PORT to a free port, or LECTERN_BIND_ADDRESS to an address of this machine.");
        }
        server = fresh;
        log.info("Socket.IO listening on {}:{}", settings.bindAddress(), port);
    }

    @Override
    public synchronized void stop() {
        SocketIOServer running = server;
        server = null;
        if (running != null) {
            running.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The bound port: the configured one, or the one the system picked for port 0. */
    public int port() {
        return port;
    }

    String bindAddress() {
        return settings.bindAddress();
    }

    private EngineConfig configuration() {
        EngineConfig c = new EngineConfig()
                .host(settings.bindAddress())
                .port(settings.port())
                .path("/socket.io/")
                .maxPayload(MAX_PAYLOAD_BYTES)
                .connectTimeout((int) edge.connectTimeout().toMillis())
                .maxConnectionsPerAddress(edge.maxConnectionsPerIp())
                .json(json.mapper())
                .malformed(malformed)
                .addresses((peer, forwardedFor) ->
                        proxies.clientAddress(peer, forwardedFor).getHostAddress());
        if (auth != null) {
            // a foreign Origin is refused at every request and never echoed in CORS
            c.originAllowed(auth::allowsOrigin);
        }
        return c;
    }
}
