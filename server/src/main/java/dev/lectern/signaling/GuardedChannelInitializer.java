package dev.lectern.signaling;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * netty-socketio's pipeline plus consolidated flushes (below) and one fix: it runs the namespace's auth listener only when the
 * CONNECT packet carries an {@code auth} object, so a client that sends none would connect
 * unchecked. This handler gives such a packet an empty object, so every connection meets
 * {@link SocketAuth} and a refusal reaches the client as {@code connect_error}, before any
 * {@code connect}.
 */
class GuardedChannelInitializer extends SocketIOChannelInitializer {

    private static final ChannelHandler GUARD = new EmptyAuthForConnect();
    /** Flushes held back at most, so a long burst still leaves in pieces. */
    private static final int FLUSH_AFTER = 64;
    private static final int READ_AT_MOST = 16 * 1024;

    /**
     * One read of at most 16 KiB per socket per turn of its event loop. Netty's default reads up to 16
     * times 64 KiB from a socket before it serves the next one: a socket that floods (thousands of tiny
     * events per read, each decoded and refused inline) then held every other socket of its loop, their
     * reads and the room's broadcasts to them, for a quarter of a second at a time. Legitimate frames
     * are far smaller, so for them nothing changes.
     */
    @Override
    protected void initChannel(Channel ch) throws Exception {
        super.initChannel(ch);
        ch.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 1024, READ_AT_MOST).maxMessagesPerRead(1));
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        pipeline.addBefore(PACKET_HANDLER, "lecternConnectAuth", GUARD);
        pipeline.addBefore(PACKET_HANDLER, "lecternReadThrottle", ReadThrottle.handler());
        // Broadcasts come from the signaling threads as one write-and-flush per frame and socket. When
        // frames for a socket queue up faster than its event loop drains them (a busy room), one flush,
        // one write syscall, carries them all; otherwise the flush just runs one loop task later.
        pipeline.addFirst("lecternFlushConsolidation", new FlushConsolidationHandler(FLUSH_AFTER, true));
    }

    @ChannelHandler.Sharable
    static final class EmptyAuthForConnect extends ChannelInboundHandlerAdapter {

        /** A Socket.IO v4 CONNECT ("40", then an optional "/namespace,") with nothing after it. */
        private static final Pattern BARE_CONNECT = Pattern.compile("40(/[^,{\\[]*)?,?");
        private static final char SEPARATOR = '\u001e'; // between packets of one polling body
        private static final int LONGEST_CONNECT = 512;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof PacketsMessage m && m.getClient().getEngineIOVersion() == EngineIOVersion.V4
                    && m.getContent().readableBytes() <= LONGEST_CONNECT) {
                String text = m.getContent().toString(StandardCharsets.UTF_8);
                String fixed = withEmptyAuth(text);
                if (!fixed.equals(text)) {
                    ByteBuf content = Unpooled.copiedBuffer(fixed, StandardCharsets.UTF_8);
                    msg = new PacketsMessage(m.getClient(), content, m.getTransport());
                }
            }
            super.channelRead(ctx, msg);
        }

        static String withEmptyAuth(String packets) {
            if (!packets.startsWith("40") && packets.indexOf(SEPARATOR + "40") < 0) {
                return packets;
            }
            StringBuilder out = new StringBuilder(packets.length() + 4);
            for (String packet : packets.split(String.valueOf(SEPARATOR), -1)) {
                if (!out.isEmpty()) {
                    out.append(SEPARATOR);
                }
                out.append(packet);
                if (BARE_CONNECT.matcher(packet).matches()) {
                    if (packet.length() > 2 && !packet.endsWith(",")) {
                        out.append(',');
                    }
                    out.append("{}");
                }
            }
            return out.toString();
        }
    }
}
