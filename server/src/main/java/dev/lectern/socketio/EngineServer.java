package dev.lectern.socketio;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An Engine.IO v4 server on plain Netty: the HTTP long-polling and WebSocket transports, the
 * upgrade between them, heartbeats, and the sessions by id. What a session's messages mean is its
 * {@link EngineSession.Listener}'s business (Socket.IO, or the echo of the conformance profile).
 */
// Netty's write, close and schedule futures: a failed write closes the channel and reaches
// exceptionCaught, so nothing here waits on them or needs their result.
@SuppressWarnings("FutureReturnValueIgnored")
public final class EngineServer {

    /** Flushes held back at most, so a long burst still leaves in pieces. */
    private static final int FLUSH_AFTER = 64;

    private static final int READ_AT_MOST = 16 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    final EngineConfig config;
    private final Function<EngineSession, EngineSession.Listener> listeners;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel server;

    public EngineServer(EngineConfig config, Function<EngineSession, EngineSession.Listener> listeners) {
        this.config = config;
        this.listeners = listeners;
    }

    /** Binds the port; returns the bound one (the configured one, or the system's pick for 0). */
    public synchronized int start() {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            server = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            // Broadcasts arrive as one write-and-flush per frame and socket. When frames for a
                            // socket queue up faster than its event loop drains them, one flush carries them all.
                            ch.pipeline().addLast("flushes", new FlushConsolidationHandler(FLUSH_AFTER, true));
                            // One read of at most 16 KiB per socket per turn of its event loop. Netty's default
                            // reads up to 16 x 64 KiB from one socket before serving the next: a flooding socket
                            // (thousands of tiny events per read, each decoded and refused inline) then held every
                            // other socket of its loop, their reads and the room's broadcasts to them, for a
                            // quarter of a second at a time. Legitimate frames are far smaller.
                            ch.config()
                                    .setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 1024, READ_AT_MOST)
                                            .maxMessagesPerRead(1));
                            ch.pipeline().addLast("http", new HttpServerCodec());
                            ch.pipeline().addLast("body", new EngineHandler.Aggregator(config.maxPayload));
                            ch.pipeline().addLast("engine", new EngineHandler(EngineServer.this));
                        }
                    })
                    .bind(config.host, config.port)
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public synchronized void stop() {
        for (EngineSession s : sessions.values()) {
            s.closeFromServer();
        }
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            boss = null;
            workers = null;
        }
    }

    public int sessionCount() {
        return sessions.size();
    }

    EngineSession session(String sid) {
        return sessions.get(sid);
    }

    /** Counts a new session against its address; false (nothing counted) when the address is at its cap. */
    boolean reserve(String address) {
        int max = config.maxConnectionsPerAddress;
        boolean[] granted = {true};
        perAddress.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (max > 0 && now >= max) {
                granted[0] = false;
                return n;
            }
            return now + 1;
        });
        return granted[0];
    }

    void unreserve(String address) {
        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    EngineSession open(Channel channel, HandshakeData handshake, String address) {
        EngineSession session = new EngineSession(this, newId(), channel.eventLoop(), handshake, address);
        sessions.put(session.sid, session);
        session.listener = listeners.apply(session);
        return session;
    }

    void forget(EngineSession session) {
        sessions.remove(session.sid, session);
    }

    private static String newId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
