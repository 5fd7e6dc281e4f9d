package dev.lectern.signaling;

import com.corundumstudio.socketio.listener.DefaultExceptionListener;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * netty-socketio's exception hook. Our listeners catch their own failures (they only hand work to
 * the queues), so what arrives here is transport trouble. Oversized or corrupt WebSocket frames and
 * broken connections close that connection (Netty has already answered with a close frame); a
 * packet that does not decode (JSON nested past the parser's limit, say) is dropped unanswered but
 * the socket stays, as bad input must never disconnect. Both are the client's doing, so they are
 * logged quietly.
 */
final class SocketExceptions extends DefaultExceptionListener {

    private static final Logger log = LoggerFactory.getLogger(SocketExceptions.class);

    @Override
    public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
        if (undecodable(e)) {
            log.info("dropped an undecodable packet from {}: {}", ctx.channel().remoteAddress(), e.toString());
        } else if (e instanceof CorruptedFrameException || e instanceof TooLongFrameException || e instanceof IOException) {
            log.debug("closing connection {}: {}", ctx.channel().remoteAddress(), e.toString());
            ctx.close();
        } else {
            log.warn("closing connection {} after an unexpected error", ctx.channel().remoteAddress(), e);
            ctx.close();
        }
        return true;
    }

    /** netty-socketio wraps JSON decoding failures in an IOException; they are not the network's fault. */
    private static boolean undecodable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }
}
