package dev.lectern.signaling;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Back-pressure on a socket that keeps sending over its limit: its connection is not read for a
 * moment, so TCP slows the sender down instead of the server decoding and refusing every one of its
 * packets (a flood of tens of thousands a second would otherwise take a whole core). What it sent
 * meanwhile waits in the kernel and is read, and refused, afterwards: nothing is skipped.
 *
 * <p>Listeners run inside the pipeline's read of their connection, on its event loop; {@link #handler}
 * records that connection for the duration of the read, so the rate limit can pause "the connection
 * this event came from" without knowing the transport's types.
 */
final class ReadThrottle {

    /** Short against the 20 s ping timeout, long enough that a flooder's connection is mostly idle. */
    static final Duration PAUSE = Duration.ofMillis(100);

    private static final ThreadLocal<Channel> READING = new ThreadLocal<>();
    private static final ChannelHandler HANDLER = new Tracker();

    private ReadThrottle() {
    }

    /** The pipeline handler that marks the connection being read; placed before the packet handler. */
    static ChannelHandler handler() {
        return HANDLER;
    }

    /** Stops reading the connection of the event being dispatched on this thread, for {@link #PAUSE}. */
    static void pauseCurrent() {
        Channel channel = READING.get();
        if (channel == null || !channel.config().isAutoRead()) {
            return; // not inside a read (a test, another transport), or already paused
        }
        channel.config().setAutoRead(false);
        channel.eventLoop().schedule(() -> {
            channel.config().setAutoRead(true);
        }, PAUSE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @ChannelHandler.Sharable
    private static final class Tracker extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel outer = READING.get();
            READING.set(ctx.channel());
            try {
                ctx.fireChannelRead(msg);
            } finally {
                if (outer == null) {
                    READING.remove();
                } else {
                    READING.set(outer);
                }
            }
        }
    }
}
