package dev.lectern.socketio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP side of one TCP connection: routes each request to a handshake, a long-poll, a POST or
 * a WebSocket upgrade, and answers the errors exactly as the Node engine.io server does (400 with
 * {@code {"code":N,"message":...}}). Once a WebSocket is up, {@link WebSocketHandler} takes over.
 */
// Netty's write, close and schedule futures: a failed write closes the channel and reaches
// exceptionCaught, so nothing here waits on them or needs their result.
@SuppressWarnings("FutureReturnValueIgnored")
final class EngineHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String TEXT_PLAIN = "text/plain; charset=UTF-8";
    static final String TEXT_HTML = "text/html";
    private static final String JSON = "application/json";

    private final EngineServer server;
    /** The session this connection last carried a GET for: told if the connection drops under it. */
    private EngineSession polled;

    EngineHandler(EngineServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        EngineConfig config = server.config;
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        boolean originAllowed = origin == null || config.originAllowed.test(origin);
        EngineSession.Poll reply =
                new EngineSession.Poll(ctx.channel(), HttpUtil.isKeepAlive(req), originAllowed ? origin : null);
        if (!req.decoderResult().isSuccess()) {
            error(reply, HttpResponseStatus.BAD_REQUEST, 3, "Bad request");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        if (!uri.path().equals(config.path) && !(uri.path() + "/").equals(config.path)) {
            respond(
                    reply,
                    HttpResponseStatus.NOT_FOUND,
                    TEXT_PLAIN,
                    Unpooled.copiedBuffer("Not found", StandardCharsets.UTF_8));
            return;
        }
        if (req.method().equals(HttpMethod.OPTIONS)) {
            preflight(reply, req);
            return;
        }
        String transport = param(uri, "transport");
        boolean websocket = "websocket".equals(transport);
        if (!websocket && !"polling".equals(transport)) {
            error(reply, HttpResponseStatus.BAD_REQUEST, 0, "Transport unknown");
            return;
        }
        if (!"4".equals(param(uri, "EIO"))) {
            error(reply, HttpResponseStatus.BAD_REQUEST, 5, "Unsupported protocol version");
            return;
        }
        if (!originAllowed) {
            error(reply, HttpResponseStatus.FORBIDDEN, 4, "Forbidden");
            return;
        }
        if (websocket && !isUpgrade(req)) {
            error(reply, HttpResponseStatus.BAD_REQUEST, 3, "Bad request");
            return;
        }
        String sid = param(uri, "sid");
        if (sid == null) {
            handshake(ctx, req, uri, reply, websocket);
            return;
        }
        EngineSession session = server.session(sid);
        if (session == null) {
            error(reply, HttpResponseStatus.BAD_REQUEST, 1, "Session ID unknown");
            return;
        }
        if (websocket) {
            WebSocketHandler handler = upgradeToWebSocket(ctx, req, session);
            if (handler != null) {
                session.attachProbe(ctx.channel());
            }
        } else if (req.method().equals(HttpMethod.GET)) {
            polled = session;
            session.poll(reply);
        } else if (req.method().equals(HttpMethod.POST)) {
            session.post(reply, req.content().toString(StandardCharsets.UTF_8));
        } else {
            error(reply, HttpResponseStatus.BAD_REQUEST, 3, "Bad request");
        }
    }

    private void handshake(
            ChannelHandlerContext ctx,
            FullHttpRequest req,
            QueryStringDecoder uri,
            EngineSession.Poll reply,
            boolean websocket) {
        if (!websocket && !req.method().equals(HttpMethod.GET)) {
            error(reply, HttpResponseStatus.BAD_REQUEST, 2, "Bad handshake method");
            return;
        }
        String address = address(ctx.channel(), req);
        if (!server.reserve(address)) {
            reply(reply, HttpResponseStatus.TOO_MANY_REQUESTS, 4, "Too many connections from this address");
            return;
        }
        HandshakeData data = new HandshakeData(req.headers(), address, uri.parameters());
        if (websocket) {
            WebSocketHandler handler = upgradeToWebSocket(ctx, req, null);
            if (handler == null) {
                server.unreserve(address);
                return;
            }
            EngineSession session = server.open(ctx.channel(), data, address);
            handler.session = session;
            session.openWebSocket(ctx.channel());
        } else {
            EngineSession session = server.open(ctx.channel(), data, address);
            polled = session;
            session.openPolling(reply);
        }
    }

    /** Completes the WebSocket handshake and hands this connection to a {@link WebSocketHandler}. */
    private WebSocketHandler upgradeToWebSocket(ChannelHandlerContext ctx, FullHttpRequest req, EngineSession session) {
        String url = "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + req.uri();
        // no extensions: permessage-deflate costs a deflater per socket and a compression per frame
        // a message over maxPayload cuts the connection (exceptionCaught), without a close frame: see
        // EngineSession#abort
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                        url,
                        null,
                        WebSocketDecoderConfig.newBuilder()
                                .maxFramePayloadLength(server.config.maxPayload)
                                .allowExtensions(false)
                                .closeOnProtocolViolation(false)
                                .build())
                .newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return null;
        }
        WebSocketHandler handler = new WebSocketHandler(server.config);
        handler.session = session;
        handshaker.handshake(ctx.channel(), req);
        ctx.pipeline().addBefore(ctx.name(), "frames", new WebSocketFrameAggregator(server.config.maxPayload));
        ctx.pipeline().replace(this, "websocket", handler);
        return handler;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (polled != null) {
            polled.pollAborted(ctx.channel());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            server.config.malformed.malformed(
                    "http", peer(ctx.channel()), cause.getClass().getSimpleName());
        }
        ctx.close();
    }

    private String address(Channel channel, HttpRequest req) {
        return server.config.addresses.resolve(
                ((InetSocketAddress) channel.remoteAddress()).getAddress(),
                req.headers().getAll("X-Forwarded-For"));
    }

    private static String peer(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : "?";
    }

    private static String param(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean isUpgrade(HttpRequest req) {
        return req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && req.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private static void preflight(EngineSession.Poll reply, HttpRequest req) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        if (reply.origin() != null) {
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST");
            String headers = req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
            if (headers != null) {
                res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, headers);
            }
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        }
        write(reply, res);
    }

    static void error(EngineSession.Poll reply, HttpResponseStatus status, int code, String message) {
        reply(reply, status, code, message);
    }

    private static void reply(EngineSession.Poll reply, HttpResponseStatus status, int code, String message) {
        String body = "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
        respond(reply, status, JSON, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    static void respond(EngineSession.Poll reply, HttpResponseStatus status, String contentType, ByteBuf body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        write(reply, res);
    }

    private static void write(EngineSession.Poll reply, FullHttpResponse res) {
        HttpUtil.setContentLength(res, res.content().readableBytes());
        if (reply.origin() != null) {
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, reply.origin());
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
            res.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
        HttpUtil.setKeepAlive(res, reply.keepAlive());
        if (reply.keepAlive()) {
            reply.channel().writeAndFlush(res, reply.channel().voidPromise());
        } else {
            reply.channel().writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A body over maxPayload: 413, and the session it was for is closed, as the protocol says. */
    static final class Aggregator extends HttpObjectAggregator {

        private EngineServer server;

        Aggregator(int maxPayload) {
            super(maxPayload);
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
            super.handlerAdded(ctx);
            EngineHandler h = ctx.pipeline().get(EngineHandler.class);
            if (h != null) {
                server = h.server;
            }
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
            EngineHandler h = server != null ? null : ctx.pipeline().get(EngineHandler.class);
            EngineServer s = server != null ? server : h != null ? h.server : null;
            if (s != null && oversized instanceof HttpRequest req) {
                List<String> sid =
                        new QueryStringDecoder(req.uri()).parameters().get("sid");
                EngineSession session = sid == null || sid.isEmpty() ? null : s.session(sid.get(0));
                s.config.malformed.malformed("oversized", peer(ctx.channel()), "polling body over maxPayload");
                if (session != null) {
                    session.close();
                }
            }
            super.handleOversizedMessage(ctx, oversized);
        }
    }

    /** The WebSocket side of a connection, once upgraded: frames in, to the session. */
    static final class WebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

        private final EngineConfig config;
        EngineSession session;

        WebSocketHandler(EngineConfig config) {
            this.config = config;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                session.fromWebSocket(ctx.channel(), text.text(), null);
            } else if (frame instanceof BinaryWebSocketFrame binary) {
                session.fromWebSocket(ctx.channel(), null, ByteBufUtil.getBytes(binary.content()));
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame) {
                ctx.writeAndFlush(new CloseWebSocketFrame(1000, null)).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (session != null) {
                session.webSocketClosed(ctx.channel());
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException
                    || (cause instanceof CorruptedFrameException c
                            && String.valueOf(c.getMessage()).contains("length"))) {
                config.malformed.malformed("oversized", peer(ctx.channel()), "WebSocket message over maxPayload");
            } else if (!(cause instanceof IOException)) {
                config.malformed.malformed(
                        "websocket_frame", peer(ctx.channel()), cause.getClass().getSimpleName());
            }
            ctx.close();
        }
    }
}
