import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Lectern's Java load generator (issue #19): one process holding thousands of simulated participants on a
 * few Netty event-loop threads (epoll when available), speaking Engine.IO v4 / Socket.IO v5 framing
 * directly over WebSocket — or the ceiling's plain {event, data, ack} JSON — so that the generator, not
 * the official client's per-socket overhead, is never what limits a measurement.
 *
 * <p>It is driven by {@code bench/src/main.mjs} exactly like a Node worker ({@code bench/src/worker.mjs}):
 * one JSON command per line on stdin ({@code {id, cmd, args}}), one JSON answer per line on stdout
 * ({@code {id, result}} or {@code {id, error}}); the scenarios stay in one place. Unlike the Node driver it
 * also holds the chat sender, so a delivery's latency is measured on one monotonic clock
 * ({@link System#nanoTime()} of this JVM): the sent time travels inside the chat text
 * ({@code b|<step>|<nanos>}) and each receiver subtracts it from its own nanoTime.
 *
 * <p>Deliveries are not JSON-parsed: a chat frame is recognised by its event name and the marker is found
 * by a byte search. Only the join storm's presence tracking (state snapshots, joins, leaves) parses JSON.
 *
 * <p>Environment: {@code LOADGEN_THREADS} (event-loop threads, default 2), {@code LOADGEN_DEFLATE}
 * ({@code 0} to not offer permessage-deflate; offered by default, as the official client and browsers do).
 */
public final class LoadGen {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Wall-clock time derived from the monotonic clock: comparable with the orchestrator's timestamps, never jumps. */
    static final long NANO0 = System.nanoTime();
    static final double WALL0 = System.currentTimeMillis();
    static final String NS = "/workshop";
    static final ByteBuf MARK = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer("\"b|", StandardCharsets.US_ASCII));
    static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    static EventLoopGroup group;
    static Class<? extends SocketChannel> channelClass;
    static boolean deflate;
    static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);

    static final ConcurrentLinkedQueue<Conn> conns = new ConcurrentLinkedQueue<>();
    static final ConcurrentHashMap<Integer, Step> steps = new ConcurrentHashMap<>();
    static final ConcurrentHashMap<String, Integer> stepIds = new ConcurrentHashMap<>();
    static final AtomicInteger nextStepId = new AtomicInteger();
    static volatile Conn sender;

    static double wallMs() {
        return WALL0 + (System.nanoTime() - NANO0) / 1e6;
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(System.getenv().getOrDefault("LOADGEN_THREADS", "2"));
        deflate = !"0".equals(System.getenv("LOADGEN_DEFLATE"));
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        System.err.printf("loadgen: %s, %d event-loop threads, permessage-deflate %s%n", epoll ? "epoll" : "nio", threads,
                deflate ? "offered" : "not offered");
        // commands run one after the other (as a Node worker's do), their asynchronous parts on the event loops
        ExecutorService control = Executors.newSingleThreadExecutor();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            JsonNode msg = JSON.readTree(line);
            long id = msg.path("id").asLong();
            String cmd = msg.path("cmd").asText();
            JsonNode a = msg.path("args");
            control.execute(() -> {
                CompletableFuture<Object> f;
                try {
                    f = dispatch(cmd, a);
                } catch (Throwable e) {
                    f = CompletableFuture.failedFuture(e);
                }
                f.whenComplete((r, e) -> answer(id, r, e));
            });
        }
        // the orchestrator went away: leave at once
        System.exit(0);
    }

    static void answer(long id, Object result, Throwable error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        if (error != null) m.put("error", String.valueOf(error));
        else m.put("result", result);
        try {
            String text = JSON.writeValueAsString(m);
            synchronized (OUT) {
                OUT.println(text);
                OUT.flush();
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    static CompletableFuture<Object> dispatch(String cmd, JsonNode a) throws Exception {
        return switch (cmd) {
            case "connect" -> connect(a);
            case "views" -> done(views(a));
            case "collect" -> done(collect(a));
            case "peek" -> done(Map.of("received", step(a.path("step").asText()).received.get()));
            case "frames" -> done(frames(a));
            case "close" -> close();
            case "cpu" -> done(cpu());
            case "sender" -> openSender(a);
            case "send" -> send(a);
            default -> throw new IllegalArgumentException("unknown command " + cmd);
        };
    }

    static CompletableFuture<Object> done(Object o) {
        return CompletableFuture.completedFuture(o);
    }

    // ---------------------------------------------------------------- commands

    static final class ConnectResult {
        int ok;
        int failed;
        final List<String> errors = new ArrayList<>();
        final Hist connect = new Hist();
        final Hist join = new Hist();

        synchronized void success(double connectMs, double joinMs) {
            ok++;
            connect.add(connectMs);
            join.add(joinMs);
        }

        synchronized void failure(String why) {
            failed++;
            if (errors.size() < 5) errors.add(why);
        }
    }

    record Client(long userId, String token, long workshopId, String socketUrl, double offsetMs) {}

    /** Connects and joins clients: all of them at startAt + offsetMs when given, else `concurrency` at a time. */
    static CompletableFuture<Object> connect(JsonNode a) {
        Target target = Target.of(a.path("target"));
        boolean track = a.path("track").asBoolean(false);
        long ackTimeoutMs = a.path("ackTimeoutMs").asLong(60_000);
        List<Client> clients = new ArrayList<>();
        for (JsonNode c : a.path("clients")) {
            clients.add(new Client(c.path("userId").asLong(), c.path("token").asText(), c.path("workshopId").asLong(),
                    c.hasNonNull("socketUrl") ? c.get("socketUrl").asText() : null, c.path("offsetMs").asDouble(0)));
        }
        ConnectResult result = new ConnectResult();
        CompletableFuture<Object> all = new CompletableFuture<>();
        AtomicInteger remaining = new AtomicInteger(clients.size());
        Runnable finished = () -> {
            if (remaining.decrementAndGet() == 0) all.complete(connectAnswer(result));
        };
        if (clients.isEmpty()) all.complete(connectAnswer(result));
        else if (a.hasNonNull("startAt")) {
            double startAt = a.get("startAt").asDouble();
            for (Client c : clients) {
                long delayNanos = (long) ((startAt + c.offsetMs() - wallMs()) * 1e6);
                group.next().schedule(() -> join(target, c, track, ackTimeoutMs, result).whenComplete((r, e) -> finished.run()),
                        Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            }
        } else {
            // connection pacing: `concurrency` lanes, each starting its next client when the previous one joined
            int lanes = Math.max(1, a.path("concurrency").asInt(64));
            AtomicInteger next = new AtomicInteger();
            Runnable[] lane = new Runnable[1];
            lane[0] = () -> {
                int i = next.getAndIncrement();
                if (i >= clients.size()) return;
                join(target, clients.get(i), track, ackTimeoutMs, result).whenComplete((r, e) -> {
                    finished.run();
                    lane[0].run();
                });
            };
            for (int i = 0; i < lanes; i++) lane[0].run();
        }
        return all;
    }

    static Map<String, Object> connectAnswer(ConnectResult r) {
        synchronized (r) {
            List<Long> joinedIds = new ArrayList<>();
            for (Conn c : conns) if (c.joined) joinedIds.add(c.userId);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", r.ok);
            m.put("failed", r.failed);
            m.put("joinedIds", joinedIds);
            m.put("errors", r.errors);
            m.put("connect", r.connect.toJson());
            m.put("join", r.join.toJson());
            return m;
        }
    }

    /** One client: WebSocket, namespace connect, workshop:join and its ack. Completes either way. */
    static CompletableFuture<Void> join(Target target, Client c, boolean track, long ackTimeoutMs, ConnectResult result) {
        Conn conn = new Conn(target, c.userId(), c.token(), c.socketUrl(), track);
        conns.add(conn);
        long t0 = System.nanoTime();
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        conn.open().thenCompose(v -> {
            long t1 = System.nanoTime();
            return conn.request("workshop:join", "{\"workshopId\":" + c.workshopId() + "}", ackTimeoutMs)
                    .thenAccept(ack -> {
                        if (!ack.contains("\"ok\":true")) throw new IllegalStateException("join refused: " + abbreviate(ack));
                        long t2 = System.nanoTime();
                        conn.joined = true;
                        result.success((t1 - t0) / 1e6, (t2 - t1) / 1e6);
                    });
        }).whenComplete((v, e) -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                result.failure(String.valueOf(cause.getMessage()));
                // a client that gives up leaves, as a real one would (and as the Node worker's does)
                conn.close();
            }
            outcome.complete(null);
        });
        return outcome;
    }

    static Map<String, Object> views(JsonNode a) {
        Set<Long> expected = new HashSet<>();
        for (JsonNode id : a.path("expectedIds")) expected.add(id.asLong());
        int consistent = 0;
        int tracked = 0;
        double lastChange = 0;
        Map<String, Object> sample = null;
        for (Conn c : conns) {
            if (c.view == null || !c.joined) continue;
            tracked++;
            Set<Long> view;
            double changed;
            synchronized (c) {
                view = new HashSet<>(c.view);
                changed = c.lastChange;
            }
            if (view.equals(expected)) {
                consistent++;
                lastChange = Math.max(lastChange, changed);
            } else if (sample == null) {
                List<Long> missing = expected.stream().filter(id -> !view.contains(id)).limit(5).toList();
                sample = Map.of("userId", c.userId, "size", view.size(), "missing", missing);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("consistent", consistent);
        m.put("tracked", tracked);
        m.put("lastChange", lastChange);
        m.put("sample", sample);
        return m;
    }

    static Step step(String name) {
        Integer id = stepIds.get(name);
        return id == null ? new Step(name) : steps.getOrDefault(id, new Step(name));
    }

    static Step registerStep(String name) {
        int id = stepIds.computeIfAbsent(name, n -> nextStepId.incrementAndGet());
        return steps.computeIfAbsent(id, i -> new Step(name));
    }

    static Map<String, Object> collect(JsonNode a) {
        String name = a.path("step").asText();
        Step s = step(name);
        Integer id = stepIds.remove(name);
        if (id != null) steps.remove(id);
        Map<String, Object> m = new LinkedHashMap<>();
        synchronized (s) {
            m.put("received", s.received.get());
            m.put("hist", s.hist.toJson());
            if (!s.byNode.isEmpty()) {
                Map<String, Object> byNode = new LinkedHashMap<>();
                s.byNode.forEach((node, h) -> byNode.put(node, h.toJson()));
                m.put("byNode", byNode);
            }
            m.put("senderAcked", s.acked.get());
            m.put("senderRefused", s.refused.get());
            m.put("senderAckMs", s.ackHist.summary());
            m.put("senderErrors", refusedUnacked.get());
        }
        return m;
    }

    static Map<String, Object> frames(JsonNode a) {
        boolean reset = a.path("reset").asBoolean(false);
        long frames = 0;
        long bytes = 0;
        int open = 0;
        for (Conn c : conns) {
            frames += c.frames;
            bytes += c.bytes.get();
            if (reset) {
                c.frames = 0;
                c.bytes.set(0);
            }
            if (c.ch != null && c.ch.isActive()) open++;
        }
        return Map.of("frames", frames, "bytes", bytes, "open", open);
    }

    static CompletableFuture<Object> close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        Conn s = sender;
        sender = null;
        if (s != null) closing.add(s.close());
        for (Conn c; (c = conns.poll()) != null; ) closing.add(c.close());
        steps.clear();
        stepIds.clear();
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, 5, TimeUnit.SECONDS)
                .thenCompose(v -> {
                    // as the Node worker does: a moment for the server to see the closes
                    CompletableFuture<Object> later = new CompletableFuture<>();
                    group.schedule(() -> later.complete(Map.of("closed", true, "stillOpen", closing.stream().filter(f -> !f.isDone()).count())),
                            200, TimeUnit.MILLISECONDS);
                    return later;
                });
    }

    /** This process's CPU time (all threads, user + system) and RSS. */
    static Map<String, Object> cpu() {
        long rss = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (Exception e) {
            // not Linux: RSS unknown
        }
        return Map.of("cpuSeconds", OS.getProcessCpuTime() / 1e9, "rss", rss);
    }

    /** The chat sender, on this JVM's clock: connects and joins like any client, kept apart from `conns`. */
    static CompletableFuture<Object> openSender(JsonNode a) {
        Target target = Target.of(a.path("target"));
        Conn conn = new Conn(target, a.path("userId").asLong(), a.path("token").asText(), null, false);
        conn.isSender = true;
        sender = conn;
        return conn.open()
                .thenCompose(v -> conn.request("workshop:join", "{\"workshopId\":" + a.path("workshopId").asLong() + "}", 60_000))
                .thenApply(ack -> {
                    try {
                        return (Object) JSON.readTree(ack);
                    } catch (Exception e) {
                        throw new IllegalStateException("unreadable join ack " + abbreviate(ack));
                    }
                });
    }

    /**
     * Sends `rate` chat messages a second for `seconds` from the sender, each with an ack id; on a timer
     * of 1 ms, whatever is due by now goes out (the same schedule as the Node driver's). Answers when the
     * last one is sent; acks and refusals are counted on the step and reported by `collect`.
     */
    static CompletableFuture<Object> send(JsonNode a) {
        Conn s = sender;
        if (s == null || s.ch == null) return CompletableFuture.failedFuture(new IllegalStateException("no sender"));
        Step step = registerStep(a.path("step").asText());
        int stepId = stepIds.get(step.name);
        double rate = a.path("rate").asDouble();
        long workshopId = a.path("workshopId").asLong();
        long total = Math.max(1, Math.round(rate * a.path("seconds").asDouble()));
        String head = "{\"workshopId\":" + workshopId + ",\"message\":\"b|" + stepId + "|";
        CompletableFuture<Object> result = new CompletableFuture<>();
        long t0 = System.nanoTime();
        long[] sent = {0};
        var timer = s.ch.eventLoop().scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long due = Math.min(total, (long) Math.floor((now - t0) / 1e9 * rate) + 1);
            while (sent[0] < due) {
                long at = System.nanoTime();
                s.request("workshop:chat", head + at + "\"}", 30_000).whenComplete((ack, e) -> {
                    if (e == null && ack.contains("\"ok\":true")) {
                        step.acked.incrementAndGet();
                        synchronized (step) {
                            step.ackHist.add((System.nanoTime() - at) / 1e6);
                        }
                    } else {
                        step.refused.incrementAndGet();
                    }
                });
                sent[0]++;
            }
            if (sent[0] >= total && !result.isDone()) {
                result.complete(Map.of("sent", sent[0], "seconds", (System.nanoTime() - t0) / 1e9));
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> timer.cancel(false));
        return result;
    }

    static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    // ---------------------------------------------------------------- measurement

    /** One fan-out step's deliveries, kept until `collect`. */
    static final class Step {
        final String name;
        final AtomicLong received = new AtomicLong();
        final Hist hist = new Hist();
        final Map<String, Hist> byNode = new HashMap<>();
        final AtomicLong acked = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final Hist ackHist = new Hist();

        Step(String name) {
            this.name = name;
        }

        synchronized void delivered(double ms, String node) {
            hist.add(ms);
            if (node != null) byNode.computeIfAbsent(node, n -> new Hist()).add(ms);
            received.incrementAndGet();
        }
    }

    /** The same histogram as bench/src/hist.mjs (1 % buckets from 1 µs), so the orchestrator merges both alike. */
    static final class Hist {
        static final double R = Math.log(1.01);
        static final int SIZE = 1900;
        final double[] buckets = new double[SIZE];
        long n;
        double sum;
        double max;

        void add(double ms) {
            double us = Math.max(1, ms * 1000);
            buckets[(int) Math.min(SIZE - 1, Math.round(Math.log(us) / R))]++;
            n++;
            sum += ms;
            if (ms > max) max = ms;
        }

        Map<String, Object> toJson() {
            List<double[]> sparse = new ArrayList<>();
            for (int i = 0; i < SIZE; i++) if (buckets[i] != 0) sparse.add(new double[] {i, buckets[i]});
            return Map.of("sparse", sparse, "n", n, "sum", sum, "max", max);
        }

        Double quantile(double p) {
            if (n == 0) return null;
            long rank = Math.max(1, (long) Math.ceil(p * n));
            long seen = 0;
            for (int i = 0; i < SIZE; i++) {
                seen += (long) buckets[i];
                if (seen >= rank) return Math.min(max, Math.exp(i * R) / 1000);
            }
            return max;
        }

        Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", n);
            m.put("p50", r2(quantile(0.5)));
            m.put("p99", r2(quantile(0.99)));
            m.put("max", n == 0 ? null : r2(max));
            m.put("mean", n == 0 ? null : r2(sum / n));
            return m;
        }

        static Double r2(Double v) {
            return v == null ? null : Math.round(v * 100) / 100.0;
        }
    }

    // ---------------------------------------------------------------- connections

    record Target(String name, String protocol, String socketUrl) {
        static Target of(JsonNode t) {
            return new Target(t.path("name").asText(), t.path("protocol").asText("socketio"), t.path("socketUrl").asText());
        }

        boolean socketIo() {
            return !"ws".equals(protocol);
        }
    }

    /** Counts the bytes that arrive on the wire (WebSocket framing and compression included), before any decoder. */
    static final class WireBytes extends ChannelDuplexHandler {
        final AtomicLong bytes;

        WireBytes(AtomicLong bytes) {
            this.bytes = bytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) bytes.addAndGet(b.readableBytes());
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * One simulated participant. All its state is touched on its channel's event loop, except the
     * counters and the view (read by `frames` and `views` under the conn's lock).
     */
    static final class Conn extends SimpleChannelInboundHandler<WebSocketFrame> {
        final Target target;
        final long userId;
        final String token;
        final String node; // the socket URL of this client's node when the target has several
        final AtomicLong bytes = new AtomicLong();
        final Map<Integer, CompletableFuture<String>> pending = new HashMap<>();
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile Channel ch;
        volatile long frames;
        volatile boolean joined;
        boolean isSender;
        int nextAck = 1;
        Set<Long> view;
        double lastChange;

        Conn(Target target, long userId, String token, String node, boolean track) {
            this.target = target;
            this.userId = userId;
            this.token = token;
            this.node = node;
            if (track) view = new HashSet<>();
        }

        /** Completes once the namespace is connected (Socket.IO) or the WebSocket is open (ceiling). */
        CompletableFuture<Void> open() {
            String base = node != null ? node : target.socketUrl();
            URI http = URI.create(base);
            String scheme = http.getScheme().startsWith("https") || http.getScheme().equals("wss") ? "wss" : "ws";
            URI uri = URI.create(scheme + "://" + http.getHost() + ":" + http.getPort()
                    + (target.socketIo() ? "/socket.io/?EIO=4&transport=websocket" : "/ws?uid=" + userId));
            var config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(uri).version(WebSocketVersion.V13)
                    .allowExtensions(deflate).customHeaders(EmptyHttpHeaders.INSTANCE).maxFramePayloadLength(64 << 20)
                    .generateOriginHeader(false) // a server-side client sends no Origin (CONTRACT §4)
                    .handshakeTimeoutMillis(60_000).build();
            Conn self = this;
            Bootstrap b = new Bootstrap().group(group).channel(channelClass)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 60_000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel sc) {
                            var p = sc.pipeline();
                            p.addLast(new WireBytes(bytes), new HttpClientCodec(), new HttpObjectAggregator(1 << 16));
                            if (deflate) p.addLast(new WebSocketClientCompressionHandler(0));
                            p.addLast(new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(64 << 20), self);
                        }
                    });
            b.connect(http.getHost(), http.getPort()).addListener(f -> {
                if (!f.isSuccess()) ready.completeExceptionally(new IllegalStateException("connect: " + f.cause()));
            });
            return ready;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ch = ctx.channel();
            super.channelActive(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE && !target.socketIo()) {
                ready.complete(null);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                ready.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            ready.completeExceptionally(new IllegalStateException("closed before connected"));
            for (var p : pending.values()) p.completeExceptionally(new IllegalStateException("closed"));
            pending.clear();
            closed.complete(null);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.completeExceptionally(cause);
            ctx.close();
        }

        void write(String text) {
            ch.writeAndFlush(new TextWebSocketFrame(text));
        }

        /** Emits an event with an ack id; the future completes with the ack's payload (its JSON text). */
        CompletableFuture<String> request(String event, String dataJson, long timeoutMs) {
            CompletableFuture<String> f = new CompletableFuture<>();
            Channel c = ch;
            if (c == null) {
                f.completeExceptionally(new IllegalStateException("not connected"));
                return f;
            }
            c.eventLoop().execute(() -> {
                int id = nextAck++;
                pending.put(id, f);
                if (target.socketIo()) write("42" + NS + "," + id + "[\"" + event + "\"," + dataJson + "]");
                else write("{\"event\":\"" + event + "\",\"data\":" + dataJson + ",\"ack\":" + id + "}");
                c.eventLoop().schedule(() -> {
                    if (pending.remove(id) != null) f.completeExceptionally(new IllegalStateException("no ack for " + event + " within " + timeoutMs + " ms"));
                }, timeoutMs, TimeUnit.MILLISECONDS);
            });
            return f;
        }

        CompletableFuture<Void> close() {
            Channel c = ch;
            if (c == null || !c.isOpen()) return CompletableFuture.completedFuture(null);
            c.close();
            return closed;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (!(frame instanceof TextWebSocketFrame)) return;
            ByteBuf buf = frame.content();
            if (target.socketIo()) socketIo(buf);
            else plain(buf);
        }

        private void socketIo(ByteBuf buf) {
            int n = buf.readableBytes();
            if (n == 0) return;
            int i = buf.readerIndex();
            byte type = buf.getByte(i);
            switch (type) {
                case '0' -> write("40" + NS + ",{\"token\":" + quote(token) + "}"); // Engine.IO open: connect the namespace
                case '2' -> write("3"); // Engine.IO ping → pong
                case '4' -> {
                    // one Socket.IO packet; engine pings are not counted (as the Node driver counts)
                    frames++;
                    if (n < 2) return;
                    byte sio = buf.getByte(i + 1);
                    int at = i + 2;
                    // "/workshop," — every packet here is on the one namespace
                    if (n > 2 && buf.getByte(at) == '/') {
                        int comma = buf.indexOf(at, i + n, (byte) ',');
                        at = comma < 0 ? i + n : comma + 1;
                    }
                    switch (sio) {
                        case '0' -> ready.complete(null);
                        case '4' -> ready.completeExceptionally(new IllegalStateException("connect_error: " + buf.toString(at, i + n - at, StandardCharsets.UTF_8)));
                        case '2' -> event(buf, at, i + n);
                        case '3' -> {
                            int id = 0;
                            while (at < i + n && Character.isDigit(buf.getByte(at))) id = id * 10 + (buf.getByte(at++) - '0');
                            CompletableFuture<String> f = pending.remove(id);
                            // the payload is [ack]: strip the brackets
                            if (f != null) f.complete(buf.toString(at + 1, Math.max(0, i + n - at - 2), StandardCharsets.UTF_8));
                        }
                        default -> { }
                    }
                }
                default -> { }
            }
        }

        /** 42/workshop,[ackId]["name",payload] — the name is read as bytes; a chat delivery is never parsed. */
        private void event(ByteBuf buf, int at, int end) {
            while (at < end && Character.isDigit(buf.getByte(at))) at++; // an event the server wants acked: none here
            if (at + 2 >= end || buf.getByte(at) != '[' || buf.getByte(at + 1) != '"') return;
            int nameEnd = buf.indexOf(at + 2, end, (byte) '"');
            if (nameEnd < 0) return;
            String name = buf.toString(at + 2, nameEnd - at - 2, StandardCharsets.US_ASCII);
            if (name.equals("workshop:chat-message")) chat(buf, nameEnd, end);
            else if (name.equals("workshop:error")) {
                if (isSender) refusedUnacked.incrementAndGet();
            } else if (view != null && tracked(name)) {
                try {
                    JsonNode arr = JSON.readTree(buf.toString(at, end - at, StandardCharsets.UTF_8));
                    track(name, arr.path(1));
                } catch (Exception e) {
                    // a frame we cannot read changes no view; the consistency check will show it
                }
            }
        }

        private void plain(ByteBuf buf) {
            frames++;
            int i = buf.readerIndex();
            int n = buf.readableBytes();
            if (ByteBufUtilHolder.indexOf(buf, i, i + n) >= 0 && buf.toString(i, Math.min(n, 200), StandardCharsets.UTF_8).contains("workshop:chat-message")) {
                chat(buf, i, i + n);
                return;
            }
            try {
                JsonNode msg = JSON.readTree(buf.toString(i, n, StandardCharsets.UTF_8));
                if (msg.has("ack") && !msg.has("event")) {
                    CompletableFuture<String> f = pending.remove(msg.get("ack").asInt());
                    if (f != null) f.complete(msg.path("data").toString());
                } else if (view != null && tracked(msg.path("event").asText())) {
                    track(msg.path("event").asText(), msg.path("data"));
                }
            } catch (Exception e) {
                // unreadable frame: ignored
            }
        }

        /** Finds "b|<step>|<nanos> in the frame and records now − nanos. */
        private void chat(ByteBuf buf, int from, int end) {
            long now = System.nanoTime();
            int m = ByteBufUtilHolder.indexOf(buf, from, end);
            if (m < 0) return;
            int at = m + 3;
            int stepId = 0;
            while (at < end && Character.isDigit(buf.getByte(at))) stepId = stepId * 10 + (buf.getByte(at++) - '0');
            if (at >= end || buf.getByte(at++) != '|') return;
            long sentAt = 0;
            boolean neg = at < end && buf.getByte(at) == '-';
            if (neg) at++;
            while (at < end && Character.isDigit(buf.getByte(at))) sentAt = sentAt * 10 + (buf.getByte(at++) - '0');
            if (neg) sentAt = -sentAt;
            if (isSender) return; // the sender's own copy is no delivery
            Step s = steps.get(stepId);
            if (s != null) s.delivered((now - sentAt) / 1e6, node);
        }

        private static boolean tracked(String name) {
            return name.equals("workshop:state") || name.equals("workshop:user-joined") || name.equals("workshop:user-left")
                    || name.equals("workshop:presence");
        }

        /** A client's view of who is present: the snapshot, then joins, leaves and presence batches (as worker.mjs). */
        private void track(String name, JsonNode p) {
            synchronized (this) {
                switch (name) {
                    case "workshop:state" -> {
                        view = new HashSet<>();
                        for (JsonNode a : p.path("attendees")) view.add(a.path("userId").asLong());
                    }
                    case "workshop:user-joined" -> view.add(p.path("userId").asLong());
                    case "workshop:user-left" -> view.remove(p.path("userId").asLong());
                    case "workshop:presence" -> {
                        for (JsonNode x : p.path("joined")) view.add(x.isObject() ? x.path("userId").asLong() : x.asLong());
                        for (JsonNode x : p.path("left")) view.remove(x.isObject() ? x.path("userId").asLong() : x.asLong());
                    }
                    default -> { }
                }
                lastChange = wallMs();
            }
        }
    }

    /** workshop:error frames the sender received (a chat refused without an ack: not expected, acks are asked for). */
    static final AtomicLong refusedUnacked = new AtomicLong();

    static final class ByteBufUtilHolder {
        static int indexOf(ByteBuf buf, int from, int end) {
            ByteBuf slice = buf.slice(from, end - from);
            int k = io.netty.buffer.ByteBufUtil.indexOf(MARK, slice);
            return k < 0 ? -1 : from + k;
        }
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

}
