package dev.lectern.socketio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session: its transport (long-polling, or a WebSocket), the upgrade from one to the
 * other, and its heartbeat. Its state belongs to one event loop: every method that changes it runs
 * there, whichever thread or connection asked, so a polling session touched by several HTTP
 * connections needs no locks. Anything may {@link #send} from any thread.
 */
// Netty's write, close and schedule futures: a failed write closes the channel and reaches
// exceptionCaught, so nothing here waits on them or needs their result.
@SuppressWarnings("FutureReturnValueIgnored")
public final class EngineSession {

    /** What a session's messages mean. Called on the session's event loop. */
    public interface Listener {
        void onOpen();

        void onMessage(String text);

        void onBinary(byte[] data);

        /** The session is gone; sends from here on are dropped. */
        void onClose(String reason);
    }

    /** A pending or arriving long-polling request, with what its response needs. */
    record Poll(Channel channel, boolean keepAlive, String origin) {}

    /** A binary message waiting in a polling buffer. */
    private record Binary(ByteBuf data) {}

    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);
    private static final byte SEPARATOR = 0x1e;
    private static final long NOOP_DELAY_MS = 100;
    private static final int OPEN = 0;
    private static final int CLOSED = 1;
    /** Closed by the server over polling: kept until the client's next GET carries the close packet. */
    private static final int LINGERING = 2;

    final EngineServer server;
    final String sid;
    final EventLoop loop;
    final HandshakeData handshake;
    final String address;
    Listener listener;

    private int state = OPEN;
    private Channel ws;
    private Channel probe;
    private boolean probed;
    private ScheduledFuture<?> upgradeTimer;
    private ArrayDeque<Object> buffer;
    private Poll poll;
    private boolean lingerWithClose;
    private ScheduledFuture<?> heartbeat;
    private boolean awaitingPong;
    private long pongDeadline;

    EngineSession(EngineServer server, String sid, EventLoop loop, HandshakeData handshake, String address) {
        this.server = server;
        this.sid = sid;
        this.loop = loop;
        this.handshake = handshake;
        this.address = address;
    }

    public String sid() {
        return sid;
    }

    public HandshakeData handshake() {
        return handshake;
    }

    public EventLoop loop() {
        return loop;
    }

    public String address() {
        return address;
    }

    EngineConfig config() {
        return server.config;
    }

    /**
     * Stops reading this session's WebSocket for {@code millis}: back-pressure on a client that keeps
     * sending over its limit, so TCP slows it down instead of the server decoding and refusing every
     * packet. What it sent meanwhile waits in the kernel and is read afterwards: nothing is skipped.
     * Long-polling needs none: a polling client sends its next POST only once the last one is answered.
     */
    public void pauseReading(long millis) {
        loop.execute(() -> {
            Channel c = ws;
            if (c == null || !c.config().isAutoRead()) {
                return; // not on WebSocket, or already paused
            }
            c.config().setAutoRead(false);
            c.eventLoop()
                    .schedule(
                            () -> {
                                c.config().setAutoRead(true);
                            },
                            millis,
                            TimeUnit.MILLISECONDS);
        });
    }

    /** Sends a message packet ({@code 4} and the text). */
    public void sendText(String text) {
        send(Unpooled.copiedBuffer("4" + text, StandardCharsets.UTF_8));
    }

    public void sendBinary(byte[] data) {
        send(new Binary(Unpooled.wrappedBuffer(data)));
    }

    /** Sends an already encoded text packet (its type digit first); takes ownership of the buffer. */
    public void sendEncoded(ByteBuf packet) {
        send(packet);
    }

    /** Sends a binary message; takes ownership of the buffer. */
    public void sendEncodedBinary(ByteBuf data) {
        send(new Binary(data));
    }

    /** Closes the session from the server's side: the client is told (close frame, or close packet). */
    public void close() {
        run(() -> close("server close", true));
    }

    /**
     * Ends the session for a protocol error: a WebSocket is cut without a close frame (clients such as
     * socket.io-client-java stop reading at a close frame and would only notice at the ping timeout).
     */
    public void abort() {
        run(() -> close("parse error", false));
    }

    void closeFromServer() {
        close();
    }

    private void send(Object item) {
        if (loop.inEventLoop()) {
            deliver(item);
        } else {
            try {
                loop.execute(() -> deliver(item));
            } catch (RuntimeException e) { // the loop is shutting down
                ReferenceCountUtil.release(item instanceof Binary b ? b.data() : item);
            }
        }
    }

    private void run(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private void deliver(Object item) {
        if (state != OPEN) {
            release(item);
            return;
        }
        if (ws != null) {
            ws.writeAndFlush(frame(item), ws.voidPromise());
            return;
        }
        buffer().add(item);
        if (poll != null) {
            Poll p = poll;
            poll = null;
            respond(p, drain(false));
        }
    }

    private ArrayDeque<Object> buffer() {
        if (buffer == null) {
            buffer = new ArrayDeque<>(4);
        }
        return buffer;
    }

    // ---- opening

    void openPolling(Poll first) {
        run(() -> {
            respond(first, text("0" + handshakeJson(true)));
            opened();
        });
    }

    void openWebSocket(Channel channel) {
        run(() -> {
            ws = channel;
            ws.writeAndFlush(new TextWebSocketFrame("0" + handshakeJson(false)), ws.voidPromise());
            opened();
        });
    }

    private void opened() {
        schedulePing();
        try {
            listener.onOpen();
        } catch (RuntimeException e) {
            log.warn("session open listener failed", e);
            close("server error", true);
        }
    }

    private String handshakeJson(boolean polling) {
        EngineConfig c = config();
        return "{\"sid\":\"" + sid + "\",\"upgrades\":" + (polling ? "[\"websocket\"]" : "[]") + ",\"pingInterval\":"
                + c.pingInterval + ",\"pingTimeout\":" + c.pingTimeout + ",\"maxPayload\":" + c.maxPayload + "}";
    }

    // ---- heartbeat

    private void schedulePing() {
        heartbeat = loop.schedule(this::ping, config().pingInterval, TimeUnit.MILLISECONDS);
    }

    private void ping() {
        if (state != OPEN) {
            return;
        }
        awaitingPong = true;
        pongDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config().pingTimeout);
        deliver(text("2"));
        heartbeat = loop.schedule(() -> close("ping timeout", false), config().pingTimeout, TimeUnit.MILLISECONDS);
    }

    private void pong() {
        if (!awaitingPong) {
            return;
        }
        awaitingPong = false;
        heartbeat.cancel(false);
        schedulePing();
    }

    /** The pong is overdue even if the timer has not fired yet (a request racing it). */
    private boolean expired() {
        return awaitingPong && System.nanoTime() - pongDeadline >= 0;
    }

    // ---- long-polling

    void poll(Poll p) {
        run(() -> {
            if (state == LINGERING) {
                ByteBuf body = lingerWithClose ? drain(true) : text("6");
                state = CLOSED;
                server.forget(this);
                respond(p, body);
                return;
            }
            if (state != OPEN || expired()) {
                close("ping timeout", false);
                EngineHandler.error(p, HttpResponseStatus.BAD_REQUEST, 1, "Session ID unknown");
                return;
            }
            if (ws != null) {
                EngineHandler.error(p, HttpResponseStatus.BAD_REQUEST, 3, "Bad request");
                return;
            }
            if (poll != null) {
                // a second GET while one waits: the protocol closes the session
                Poll first = poll;
                poll = null;
                EngineHandler.error(p, HttpResponseStatus.BAD_REQUEST, 3, "Bad request");
                respond(first, text("1"));
                server.config.malformed.malformed("duplicate_poll", address, "a second GET while one was pending");
                close("transport error", false);
                return;
            }
            if (buffer != null && !buffer.isEmpty()) {
                respond(p, drain(false));
            } else {
                poll = p;
                if (probed) {
                    noopSoon();
                }
            }
        });
    }

    /** The connection of the pending GET went away: the client left (as the Node server takes it). */
    void pollAborted(Channel channel) {
        run(() -> {
            if (poll != null && poll.channel() == channel) {
                poll = null;
                close("transport close", false);
            }
        });
    }

    void post(Poll p, String body) {
        run(() -> {
            if (state != OPEN) {
                EngineHandler.error(p, HttpResponseStatus.BAD_REQUEST, 1, "Session ID unknown");
                return;
            }
            if (ws != null) {
                EngineHandler.error(p, HttpResponseStatus.BAD_REQUEST, 3, "Bad request");
                return;
            }
            String[] packets = body.split("\u001e", -1);
            byte[][] binaries = new byte[packets.length][];
            for (int i = 0; i < packets.length; i++) {
                String packet = packets[i];
                if (packet.isEmpty()
                        || (packet.charAt(0) != 'b' && (packet.charAt(0) < '0' || packet.charAt(0) > '6'))) {
                    malformed(p, "engine_packet", "unknown packet type");
                    return;
                }
                if (packet.charAt(0) == 'b') {
                    try {
                        binaries[i] = Base64.getDecoder().decode(packet.substring(1));
                    } catch (IllegalArgumentException e) {
                        malformed(p, "engine_packet", "bad base64");
                        return;
                    }
                }
            }
            EngineHandler.respond(p, HttpResponseStatus.OK, EngineHandler.TEXT_HTML, text("ok"));
            for (int i = 0; i < packets.length && state == OPEN; i++) {
                if (binaries[i] != null) {
                    listener.onBinary(binaries[i]);
                } else {
                    packet(packets[i].charAt(0), packets[i].substring(1));
                }
            }
        });
    }

    private void malformed(Poll p, String kind, String detail) {
        EngineHandler.error(p, HttpResponseStatus.BAD_REQUEST, 3, "Bad request");
        server.config.malformed.malformed(kind, address, detail);
        close("parse error", false);
    }

    // ---- WebSocket

    void attachProbe(Channel channel) {
        run(() -> {
            if (state != OPEN || ws != null || probe != null) {
                // the session is upgraded or upgrading already: this one is refused, the first keeps it
                channel.writeAndFlush(new CloseWebSocketFrame(1008, "transport already upgraded"))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            probe = channel;
            upgradeTimer = loop.schedule(
                    () -> {
                        if (probe == channel) {
                            probe = null;
                            probed = false;
                            channel.close();
                        }
                    },
                    config().upgradeTimeout,
                    TimeUnit.MILLISECONDS);
        });
    }

    void fromWebSocket(Channel channel, String text, byte[] data) {
        run(() -> {
            if (state != OPEN) {
                return;
            }
            if (channel == probe) {
                probeFrame(text);
            } else if (channel == ws) {
                if (data != null) {
                    listener.onBinary(data);
                } else if (text.isEmpty()) {
                    server.config.malformed.malformed("engine_packet", address, "empty frame");
                    close("parse error", false);
                } else {
                    packet(text.charAt(0), text.substring(1));
                }
            }
        });
    }

    private void probeFrame(String text) {
        if ("2probe".equals(text)) {
            probed = true;
            probe.writeAndFlush(new TextWebSocketFrame("3probe"), probe.voidPromise());
            if (poll != null) {
                noopSoon();
            }
        } else if ("5".equals(text) && probed) {
            ws = probe;
            probe = null;
            probed = false;
            upgradeTimer.cancel(false);
            if (poll != null) {
                // a client waits for its last GET to end before it sends "5": one still pending is not one
                Poll p = poll;
                poll = null;
                EngineHandler.error(p, HttpResponseStatus.BAD_REQUEST, 3, "Bad request");
            }
            if (buffer != null) {
                for (Object item; (item = buffer.poll()) != null; ) {
                    ws.write(frame(item), ws.voidPromise());
                }
                ws.flush();
                buffer = null;
            }
        } else {
            Channel failed = probe;
            probe = null;
            probed = false;
            upgradeTimer.cancel(false);
            failed.close();
        }
    }

    /**
     * Ends the pending GET of an upgrading session with a noop, so the client can pause polling and
     * complete the upgrade. Not at once but a moment later, as the Node server's 100 ms check: a GET
     * that arrives between a client's "2probe" and "5" (a client that does not wait for its poll to
     * end) is then refused as a request after the upgrade, rather than answered as if still polling.
     */
    private void noopSoon() {
        loop.schedule(
                () -> {
                    if (probed && poll != null && state == OPEN) {
                        Poll p = poll;
                        poll = null;
                        respond(p, text("6"));
                    }
                },
                NOOP_DELAY_MS,
                TimeUnit.MILLISECONDS);
    }

    void webSocketClosed(Channel channel) {
        run(() -> {
            if (channel == probe) {
                probe = null;
                probed = false;
                upgradeTimer.cancel(false);
            } else if (channel == ws && state == OPEN) {
                close("transport close", false);
            }
        });
    }

    // ---- packets

    private void packet(char type, String data) {
        switch (type) {
            case '1' -> close("transport close", false);
            case '3' -> pong();
            case '4' -> listener.onMessage(data);
            case '6' -> {}
            default -> {
                // open, upgrade or a ping from a v4 client: not what a client may send here
                server.config.malformed.malformed("engine_packet", address, "unexpected packet type " + type);
                close("parse error", false);
            }
        }
    }

    // ---- closing

    /**
     * Ends the session once. {@code tellClient}: the server decided, so the client gets what was
     * queued and a close packet (over polling, with its next GET). Otherwise the client left or broke
     * the protocol: a waiting GET gets a noop and the session is gone at once.
     */
    private void close(String reason, boolean tellClient) {
        if (state != OPEN) {
            return;
        }
        state = CLOSED;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (upgradeTimer != null) {
            upgradeTimer.cancel(false);
        }
        if (probe != null) {
            probe.close();
            probe = null;
        }
        server.unreserve(address);
        try {
            listener.onClose(reason);
        } catch (RuntimeException e) {
            log.warn("session close listener failed", e);
        }
        if (ws != null) {
            server.forget(this);
            // Always a close frame, then the TCP close, as the Node server's ws does: a bare FIN left the
            // JDK's WebSocket client (and perhaps others) unaware of the close now and then under load.
            // 1002 tells a client that broke the protocol why; 1000 is every other end.
            int code = "parse error".equals(reason) ? 1002 : 1000;
            ws.writeAndFlush(new CloseWebSocketFrame(code, null)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (poll != null) {
            Poll p = poll;
            poll = null;
            server.forget(this);
            respond(p, tellClient ? drain(true) : text("6"));
            releaseBuffer();
        } else if (tellClient || "transport close".equals(reason)) {
            // the client's next GET (already on its way, perhaps) ends with the close packet, or with a
            // noop when the client itself closed; only then, or after a heartbeat's time, is the id unknown
            lingerWithClose = tellClient;
            if (!tellClient) {
                releaseBuffer();
            }
            state = LINGERING;
            loop.schedule(
                    () -> {
                        if (state == LINGERING) {
                            state = CLOSED;
                            server.forget(this);
                            releaseBuffer();
                        }
                    },
                    tellClient ? config().pingInterval + config().pingTimeout : config().pingTimeout,
                    TimeUnit.MILLISECONDS);
        } else {
            server.forget(this);
            releaseBuffer();
        }
    }

    private void releaseBuffer() {
        if (buffer != null) {
            buffer.forEach(EngineSession::release);
            buffer = null;
        }
    }

    // ---- encoding

    /** The polling body: every queued packet, separated by 0x1e, binary ones as "b" and base64. */
    private ByteBuf drain(boolean thenClose) {
        CompositeByteBuf body = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        if (buffer != null) {
            for (Object item; (item = buffer.poll()) != null; ) {
                if (body.numComponents() > 0) {
                    body.addComponent(true, Unpooled.wrappedBuffer(new byte[] {SEPARATOR}));
                }
                if (item instanceof Binary b) {
                    ByteBuf data = b.data();
                    String encoded =
                            "b" + Base64.getEncoder().encodeToString(io.netty.buffer.ByteBufUtil.getBytes(data));
                    data.release();
                    body.addComponent(true, Unpooled.copiedBuffer(encoded, StandardCharsets.US_ASCII));
                } else {
                    body.addComponent(true, (ByteBuf) item);
                }
            }
        }
        if (thenClose) {
            if (body.numComponents() > 0) {
                body.addComponent(true, Unpooled.wrappedBuffer(new byte[] {SEPARATOR}));
            }
            body.addComponent(true, text("1"));
        }
        return body;
    }

    private void respond(Poll p, ByteBuf body) {
        EngineHandler.respond(p, HttpResponseStatus.OK, EngineHandler.TEXT_PLAIN, body);
    }

    private static WebSocketFrame frame(Object item) {
        return item instanceof Binary b ? new BinaryWebSocketFrame(b.data()) : new TextWebSocketFrame((ByteBuf) item);
    }

    private static void release(Object item) {
        ReferenceCountUtil.release(item instanceof Binary b ? b.data() : item);
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
