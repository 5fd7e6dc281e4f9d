import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's ceiling: what this machine can do for the same logical messages with no
 * Socket.IO framing and no database. A bare Netty WebSocket server (on the Netty that Lectern
 * itself runs on) with in-memory rooms: join answers an ack and a state snapshot and tells the room,
 * chat is broadcast to the room, and the two REST reads answer canned JSON. Frames are JSON
 * {event, data, ack}. Run: java -cp 'libs/*' Ceiling.java PORT
 */
public final class Ceiling {

    static final ObjectMapper JSON = new ObjectMapper();
    static final AttributeKey<Long> USER = AttributeKey.valueOf("user");
    static final AttributeKey<Set<Long>> ROOMS = AttributeKey.valueOf("rooms");
    static final Map<Long, Room> ROOMS_BY_ID = new ConcurrentHashMap<>();
    static final AtomicLong CHAT_IDS = new AtomicLong();
    static final Instant STARTED = Instant.now();

    record Room(ChannelGroup channels, Map<Long, Channel> present) {
        static Room create() {
            return new Room(new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), new ConcurrentHashMap<>());
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        var config = WebSocketServerProtocolConfig.newBuilder().websocketPath("/ws").checkStartsWith(true)
                .maxFramePayloadLength(65536).build();
        Channel server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler(config), new Rest(), new Frames());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        System.out.println("ceiling listening on 127.0.0.1:" + port);
        server.closeFuture().sync();
    }

    /** The WebSocket side: join, leave, chat; leaving on close. */
    static final class Frames extends SimpleChannelInboundHandler<TextWebSocketFrame> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hs) {
                var uid = new QueryStringDecoder(hs.requestUri()).parameters().get("uid");
                ctx.channel().attr(USER).set(Long.parseLong(uid.getFirst()));
                ctx.channel().attr(ROOMS).set(ConcurrentHashMap.newKeySet());
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) throws Exception {
            JsonNode msg = JSON.readTree(frame.text());
            String event = msg.path("event").asText();
            JsonNode data = msg.path("data");
            long workshopId = data.path("workshopId").asLong();
            Object reply = switch (event) {
                case "workshop:join" -> join(ctx.channel(), workshopId);
                case "workshop:leave" -> leave(ctx.channel(), workshopId);
                case "workshop:chat" -> chat(ctx.channel(), workshopId, data.path("message").asText());
                default -> Map.of("ok", false, "error", Map.of("code", "invalid_payload", "message", "unknown event"));
            };
            if (msg.has("ack")) {
                send(ctx.channel(), Map.of("ack", msg.get("ack").asLong(), "data", reply));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Set<Long> rooms = ctx.channel().attr(ROOMS).get();
            if (rooms != null) {
                for (long id : rooms) {
                    leave(ctx.channel(), id);
                }
            }
            super.channelInactive(ctx);
        }
    }

    static Object join(Channel ch, long workshopId) throws Exception {
        long user = ch.attr(USER).get();
        Room room = ROOMS_BY_ID.computeIfAbsent(workshopId, id -> Room.create());
        ch.attr(ROOMS).get().add(workshopId);
        room.channels().add(ch);
        if (room.present().put(user, ch) == null) {
            broadcast(room, "workshop:user-joined", attendee(user, false));
        }
        List<Object> attendees = new ArrayList<>();
        for (long id : room.present().keySet()) {
            attendees.add(attendee(id, true));
        }
        var state = new LinkedHashMap<String, Object>();
        state.put("workshopId", workshopId);
        state.put("status", "live");
        state.put("hostId", 1);
        state.put("coHostIds", List.of());
        state.put("speakerIds", List.of());
        state.put("raisedHands", List.of());
        state.put("attendees", attendees);
        state.put("startedAt", STARTED.toString());
        state.put("endedAt", null);
        send(ch, Map.of("event", "workshop:state", "data", state));
        return Map.of("ok", true, "state", state);
    }

    static Object leave(Channel ch, long workshopId) throws Exception {
        long user = ch.attr(USER).get();
        Room room = ROOMS_BY_ID.get(workshopId);
        ch.attr(ROOMS).get().remove(workshopId);
        if (room != null) {
            room.channels().remove(ch);
            if (room.present().remove(user, ch)) {
                broadcast(room, "workshop:user-left", Map.of("userId", user));
            }
        }
        return Map.of("ok", true);
    }

    static Object chat(Channel ch, long workshopId, String message) throws Exception {
        Room room = ROOMS_BY_ID.get(workshopId);
        if (room == null || !room.channels().contains(ch)) {
            return Map.of("ok", false, "error", Map.of("code", "invalid_state", "message", "join first"));
        }
        long user = ch.attr(USER).get();
        Instant now = Instant.now();
        var out = new LinkedHashMap<String, Object>();
        out.put("id", CHAT_IDS.incrementAndGet());
        out.put("userId", user);
        out.put("displayName", "User " + user);
        out.put("avatarUrl", null);
        out.put("message", message.strip());
        out.put("offset_ms", now.toEpochMilli() - STARTED.toEpochMilli());
        out.put("createdAt", now.toString());
        broadcast(room, "workshop:chat-message", out);
        return Map.of("ok", true, "chat", out);
    }

    static Map<String, Object> attendee(long user, boolean full) {
        var a = new LinkedHashMap<String, Object>();
        a.put("userId", user);
        a.put("displayName", "User " + user);
        a.put("avatarUrl", null);
        a.put("isHost", false);
        a.put("isCoHost", false);
        if (full) {
            a.put("canSpeak", false);
        }
        return a;
    }

    /** Serialised once, written to every member (the group duplicates the buffer per channel). */
    static void broadcast(Room room, String event, Object data) throws Exception {
        byte[] bytes = JSON.writeValueAsBytes(Map.of("event", event, "data", data));
        room.channels().writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    static void send(Channel ch, Object msg) throws Exception {
        ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(JSON.writeValueAsBytes(msg))));
    }

    /** The REST reads, answered from memory with bodies shaped like Lectern's. */
    static final class Rest extends SimpleChannelInboundHandler<FullHttpRequest> {
        static final Pattern PATH = Pattern.compile("^/api/workshops/(\\d+)(/token)?$");

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
            Matcher m = PATH.matcher(req.uri());
            Object body;
            HttpResponseStatus status = HttpResponseStatus.OK;
            if (!m.matches()) {
                status = HttpResponseStatus.NOT_FOUND;
                body = Map.of("code", "not_found");
            } else if (m.group(2) == null) {
                var w = new LinkedHashMap<String, Object>();
                w.put("id", Long.parseLong(m.group(1)));
                w.put("title", "Benchmark workshop");
                w.put("description", null);
                w.put("hostId", 1);
                w.put("status", "live");
                w.put("isPrivate", false);
                w.put("scheduledStart", STARTED.toString());
                w.put("durationMinutes", 120);
                w.put("maxAttendees", 100000);
                w.put("categoryId", null);
                w.put("agoraChannel", "lectern-" + m.group(1));
                w.put("startedAt", STARTED.toString());
                w.put("endedAt", null);
                w.put("recordingStatus", "none");
                w.put("attendeeCount", 64);
                body = w;
            } else {
                body = Map.of("appId", "0".repeat(32), "channel", "lectern-" + m.group(1), "uid", 1,
                        "token", "007" + "A".repeat(200), "role", "subscriber", "expiresAt", Instant.now().toString());
            }
            byte[] bytes = JSON.writeValueAsBytes(body);
            var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            ctx.writeAndFlush(res);
        }
    }
}
