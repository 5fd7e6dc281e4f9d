package dev.lectern.signaling;

import com.corundumstudio.socketio.listener.DefaultExceptionListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * netty-socketio's exception hook. Our listeners catch their own failures (they only hand work to
 * the queues), so what arrives here is transport trouble: oversized or corrupt frames and dropped
 * connections are the client's problem and close only that connection, quietly.
 */
final class SocketExceptions extends DefaultExceptionListener {

    private static final Logger log = LoggerFactory.getLogger(SocketExceptions.class);

    @Override
    public boolean exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
        if (e instanceof CorruptedFrameException || e instanceof TooLongFrameException || e instanceof IOException) {
            log.debug("closing connection {}: {}", ctx.channel().remoteAddress(), e.toString());
        } else {
            log.warn("closing connection {} after an unexpected error", ctx.channel().remoteAddress(), e);
        }
        ctx.close();
        return true;
    }
}
