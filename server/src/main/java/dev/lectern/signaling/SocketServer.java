package dev.lectern.signaling;

import com.corundumstudio.socketio.AckMode;
import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.store.MemoryStoreFactory;
import dev.lectern.system.ConfigurationProblem;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The Socket.IO server (netty-socketio) on its own port, started and stopped with the application.
 * Each start builds a fresh server, because a stopped netty-socketio server cannot start again.
 */
@Component
public class SocketServer implements SmartLifecycle {

    /**
     * Largest WebSocket frame or polling body accepted: 64 KiB. A chat message is at most 1000
     * characters, so legitimate events are far smaller; a bigger frame closes that connection.
     */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

    private final SignalingSettings settings;
    private final SocketAuth auth;
    private final EncodedJson json;
    private final List<SocketModule> modules;
    private volatile SocketIOServer server;
    private volatile int port;

    SocketServer(SignalingSettings settings, SocketAuth auth, EncodedJson json, List<SocketModule> modules) {
        this.settings = settings;
        this.auth = auth;
        this.json = json;
        this.modules = modules;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        SocketIOServer fresh = new SocketIOServer(configuration());
        fresh.setPipelineFactory(new GuardedChannelInitializer());
        modules.forEach(m -> m.register(fresh));
        try {
            ChannelFuture bound = (ChannelFuture) fresh.startAsync().syncUninterruptibly();
            port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
        } catch (Exception e) { // Netty rethrows the checked BindException undeclared
            // a half-started server keeps non-daemon threads alive and the JVM from exiting
            fresh.stop();
            throw new ConfigurationProblem("cannot listen for Socket.IO on " + settings.bindAddress() + ":"
                    + settings.port() + " (" + e.getMessage() + ")",
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

    private Configuration configuration() {
        Configuration c = new Configuration();
        c.setHostname(settings.bindAddress());
        c.setPort(settings.port());
        // without it the session id comes from the client's "io" cookie: two clients could share one
        c.setRandomSession(true);
        // we ack from the worker thread once the work is durable, never automatically
        c.setAckMode(AckMode.MANUAL);
        c.setTransports(Transport.WEBSOCKET, Transport.POLLING);
        c.setMaxFramePayloadLength(MAX_PAYLOAD_BYTES);
        c.setMaxHttpContentLength(MAX_PAYLOAD_BYTES);
        // permessage-deflate costs a zlib deflater per socket (~250 KiB native) and a compression per
        // frame per client: 40% of the CPU of a room broadcast, and 2.7 GB RSS at 10,000 sockets.
        // Our frames are small JSON; socket.io's own server has it off by default too.
        c.setWebsocketCompression(false);
        c.getSocketConfig().setReuseAddress(true);
        // the handshake listener refuses foreign Origins, so echoing an allowed one in CORS is safe
        c.setAuthorizationListener(auth);
        c.setExceptionListener(new SocketExceptions());
        // always in memory: rooms cross nodes through Rooms and the cluster bus, not netty-socketio's
        // Redis store (a hash per session that is never deleted, every join mirrored to every node)
        c.setStoreFactory(new MemoryStoreFactory());
        c.setJsonSupport(json);
        return c;
    }
}
