package dev.lectern.recording;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local Agora Cloud Recording endpoint: a real {@link HttpServer} on a free loopback port. It
 * enforces the REST contract (method, path, Basic auth, JSON body with cname/uid/clientRequest) the
 * way Agora does, records every request, and answers each call from a script.
 *
 * <p>Scripts are queues of {@link Reply}s per action ({@code acquire}, {@code start}, {@code query},
 * {@code stop}), either global ({@link #reply}) or for one channel ({@link #on}), the latter taking
 * precedence; a channel-scoped script keeps tests that share one stub (and one server) from eating
 * each other's replies. Query requests carry no channel, so the stub maps each sid it has handed out
 * back to its channel. When a script is empty the call either succeeds the way Agora would (after
 * {@link #succeedByDefault}) or is answered 418 and counted as a contract violation.
 *
 * <p>Reply bodies may use the placeholders {@code {cname}}, {@code {sid}} and {@code {resourceId}}.
 * On {@code start}, {@code {sid}} is a fresh sid; on query/stop, the sid of the request.
 */
public final class AgoraStub implements AutoCloseable {

    public static final String APP_ID = "970CA35de60c44645bbae8a215061b33";
    public static final String CUSTOMER_ID = "lectern-customer";
    public static final String CUSTOMER_SECRET = "s3cret";
    public static final String ACQUIRE = "acquire";
    public static final String START = "start";
    public static final String QUERY = "query";
    public static final String STOP = "stop";

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String APP = "/v1/apps/" + APP_ID + "/cloud_recording/";
    private static final Map<String, Pattern> ROUTES = Map.of(
            ACQUIRE, Pattern.compile(APP + "acquire"),
            START, Pattern.compile(APP + "resourceid/([^/]+)/mode/mix/start"),
            QUERY, Pattern.compile(APP + "resourceid/([^/]+)/sid/([^/]+)/mode/mix/query"),
            STOP, Pattern.compile(APP + "resourceid/([^/]+)/sid/([^/]+)/mode/mix/stop"));

    /**
     * One scripted answer.
     *
     * @param delay how long to wait before answering (a "hang" is a delay beyond the request timeout)
     * @param drop close the connection without any answer (a transport failure for the client)
     */
    public record Reply(int status, String body, Duration delay, boolean drop) {

        public static Reply of(int status, String body) {
            return new Reply(status, body, Duration.ZERO, false);
        }

        public Reply after(Duration wait) {
            return new Reply(status, body, wait, drop);
        }

        static Reply dropped() {
            return new Reply(0, "", Duration.ZERO, true);
        }
    }

    /**
     * One request the stub received (contract violations that never reached the script excluded).
     *
     * @param cname the channel: from the body, or for a query from the sid it was given for
     * @param sid the sid in the path (query/stop), or the fresh one a start hands out
     * @param resourceId the one an acquire hands out, or the one in the path
     * @param answered when the reply was written (null while pending, or if dropped or the client left)
     */
    @SuppressWarnings("ArrayRecordComponent") // a recorded call; never compared
    public record Call(
            String action,
            String method,
            String path,
            JsonNode body,
            String cname,
            String sid,
            String resourceId,
            Instant received,
            Reply reply,
            Instant[] answered) {

        public Optional<Instant> answeredAt() {
            return Optional.ofNullable(answered[0]);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Queue<Reply>> script = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, String> channelOfSid = new ConcurrentHashMap<>();
    private final AtomicLong nextResource = new AtomicLong(1);
    private volatile boolean succeedByDefault;

    public AgoraStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A started stub, for static fields. */
    public static AgoraStub start() {
        try {
            return new AgoraStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Unscripted calls succeed as Agora's would, with fresh resource ids and sids (default: refused as unscripted). */
    public AgoraStub succeedByDefault(boolean enabled) {
        this.succeedByDefault = enabled;
        return this;
    }

    /** Forgets scripts, calls and violations; the default behaviour stays. */
    public AgoraStub reset() {
        script.clear();
        calls.clear();
        violations.clear();
        return this;
    }

    // --- global script (any channel) -----------------------------------------------------------------

    public AgoraStub reply(String action, int status, String body) {
        return enqueue(action, null, Reply.of(status, body));
    }

    /** A call that gets no answer for far longer than any request timeout under test. */
    public AgoraStub hang(String action) {
        return enqueue(action, null, Reply.of(200, "{}").after(Duration.ofSeconds(30)));
    }

    // --- one channel's script ------------------------------------------------------------------------

    /** The script of one channel: its replies are used before the global ones. */
    public Channel on(String cname) {
        return new Channel(cname);
    }

    public final class Channel {
        private final String cname;

        private Channel(String cname) {
            this.cname = cname;
        }

        public Channel reply(String action, int status, String body) {
            return reply(action, Reply.of(status, body));
        }

        public Channel reply(String action, Reply reply) {
            enqueue(action, cname, reply);
            return this;
        }

        /** The same reply {@code times} times in a row, e.g. the 500s that exhaust the retries. */
        public Channel replies(String action, int times, int status, String body) {
            for (int i = 0; i < times; i++) {
                reply(action, status, body);
            }
            return this;
        }

        /** Answers only after {@code wait}: a slow Agora, or (beyond the request timeout) a hanging one. */
        public Channel delayed(String action, Duration wait, int status, String body) {
            return reply(action, Reply.of(status, body).after(wait));
        }

        /** The connection is closed without an answer, as by a crashed proxy. */
        public Channel drop(String action, int times) {
            for (int i = 0; i < times; i++) {
                reply(action, Reply.dropped());
            }
            return this;
        }

        /** The default success reply for this action, e.g. to put a scripted reply after it. */
        public Channel succeed(String action) {
            return reply(action, success(action));
        }
    }

    // --- what happened ---------------------------------------------------------------------------------

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String action) {
        return calls.stream().filter(call -> call.action().equals(action)).toList();
    }

    public List<Call> calls(String action, String cname) {
        return calls.stream()
                .filter(call -> call.action().equals(action) && cname.equals(call.cname()))
                .toList();
    }

    public int count(String action, String cname) {
        return calls(action, cname).size();
    }

    /** Every call for one channel, in order of arrival. */
    public List<Call> callsFor(String cname) {
        return calls.stream().filter(call -> cname.equals(call.cname())).toList();
    }

    /** The sid the stub last gave for a channel's start. */
    public Optional<String> sidOf(String cname) {
        return channelOfSid.entrySet().stream()
                .filter(e -> e.getValue().equals(cname))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** Waits until the channel has seen {@code count} calls of this action; fails the test on timeout. */
    public List<Call> await(String action, String cname, int count, Duration timeout) {
        return awaitUntil(
                () -> calls(action, cname),
                list -> list.size() >= count,
                timeout,
                () -> "expected " + count + " " + action + " calls for " + cname + ", saw " + calls(action, cname));
    }

    public List<String> violations() {
        return violations;
    }

    /** The path segments a route captured, e.g. resourceId and sid. */
    public static List<String> segments(Call call) {
        Matcher matcher = ROUTES.get(call.action()).matcher(call.path());
        if (!matcher.matches()) {
            throw new AssertionError(call.path());
        }
        return IntStream.rangeClosed(1, matcher.groupCount())
                .mapToObj(matcher::group)
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // --- serving -----------------------------------------------------------------------------------------

    private AgoraStub enqueue(String action, String cname, Reply reply) {
        if (!ROUTES.containsKey(action)) {
            throw new IllegalArgumentException("no such action: " + action);
        }
        script.computeIfAbsent(key(action, cname), k -> new ArrayDeque<>()).add(reply);
        return this;
    }

    private static String key(String action, String cname) {
        return cname == null ? action : action + " " + cname;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Routed routed = route(exchange);
            Reply reply = routed.reply();
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay());
            }
            if (reply.drop()) {
                // An exception out of the handler makes the JDK server close the connection unanswered.
                throw new IOException("stub drops the connection");
            }
            byte[] body = fill(reply.body(), routed).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.getResponseBody().flush();
            if (routed.call() != null) {
                routed.call().answered()[0] = Instant.now();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Routed(Reply reply, Call call, String sid, String resourceId) {}

    private synchronized Routed route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String action = ROUTES.entrySet().stream()
                .filter(route -> route.getValue().matcher(path).matches())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        String expectedMethod = QUERY.equals(action) ? "GET" : "POST";
        if (action == null || !exchange.getRequestMethod().equals(expectedMethod)) {
            return violation(
                    404,
                    "{\"message\":\"no Route matched with those values\"}",
                    exchange.getRequestMethod() + " " + path);
        }
        String expectedAuth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CUSTOMER_ID + ":" + CUSTOMER_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return new Routed(Reply.of(401, "{\"message\":\"Invalid authentication credentials\"}"), null, null, null);
        }
        if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            return violation(400, "{\"code\":2,\"reason\":\"content type\"}", "Content-Type for " + action);
        }
        JsonNode body = null;
        if (expectedMethod.equals("POST")) {
            body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (!body.path("cname").isString()
                    || !body.path("uid").isString()
                    || !body.path("uid").stringValue().matches("[1-9][0-9]*")
                    || !body.path("clientRequest").isObject()) {
                return violation(
                        400, "{\"code\":2,\"reason\":\"invalid parameters\"}", "body of " + action + ": " + body);
            }
        }
        Matcher matcher = ROUTES.get(action).matcher(path);
        matcher.matches();
        String resourceId = ACQUIRE.equals(action) ? "res" + nextResource.getAndIncrement() : matcher.group(1);
        String pathSid = QUERY.equals(action) || STOP.equals(action) ? matcher.group(2) : null;
        String cname = body != null ? body.get("cname").stringValue() : channelOfSid.get(pathSid);
        String sid = START.equals(action)
                ? "sid" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                : pathSid;

        Reply reply = Optional.ofNullable(cname == null ? null : script.get(key(action, cname)))
                .map(Queue::poll)
                .or(() -> Optional.ofNullable(script.get(action)).map(Queue::poll))
                .orElse(null);
        if (reply == null && succeedByDefault) {
            reply = success(action);
        }
        if (reply == null) {
            calls.add(new Call(
                    action,
                    exchange.getRequestMethod(),
                    path,
                    body,
                    cname,
                    sid,
                    resourceId,
                    Instant.now(),
                    null,
                    new Instant[1]));
            return violation(418, "{\"reason\":\"unscripted\"}", "unscripted " + action + " for " + cname);
        }
        if (START.equals(action)) {
            sid = sidIn(fill(reply.body(), cname, sid, resourceId));
            if (sid != null && cname != null) {
                channelOfSid.put(sid, cname);
            }
        }
        Call call = new Call(
                action,
                exchange.getRequestMethod(),
                path,
                body,
                cname,
                sid,
                resourceId,
                Instant.now(),
                reply,
                new Instant[1]);
        calls.add(call);
        return new Routed(reply, call, sid, resourceId);
    }

    private static String sidIn(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json.path("sid").isString() ? json.get("sid").stringValue() : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String fill(String body, Routed routed) {
        return routed.call() == null ? body : fill(body, routed.call().cname(), routed.sid(), routed.resourceId());
    }

    private static String fill(String body, String cname, String sid, String resourceId) {
        return body.replace("{cname}", String.valueOf(cname))
                .replace("{sid}", String.valueOf(sid))
                .replace("{resourceId}", String.valueOf(resourceId));
    }

    /** What Agora answers when all goes well (stop: an uploaded MP4 and its HLS playlist). */
    static Reply success(String action) {
        return switch (action) {
            case ACQUIRE ->
                Reply.of(200, "{\"cname\":\"{cname}\",\"uid\":\"4294967295\",\"resourceId\":\"{resourceId}\"}");
            case START ->
                Reply.of(
                        200,
                        "{\"cname\":\"{cname}\",\"uid\":\"4294967295\",\"resourceId\":\"{resourceId}\",\"sid\":\"{sid}\"}");
            case QUERY -> Reply.of(200, """
                    {"resourceId":"{resourceId}","sid":"{sid}","serverResponse":{"status":5,"fileListMode":"json",
                     "fileList":[]}}""");
            case STOP -> Reply.of(200, stopUploaded(System.currentTimeMillis() / 1000));
            default -> throw new IllegalArgumentException(action);
        };
    }

    /** A synchronous stop's reply for mix mode with HLS + MP4; Agora's REST docs give sliceStartTime in seconds. */
    public static String stopUploaded(long sliceStartTime) {
        return """
                {"cname":"{cname}","uid":"4294967295","resourceId":"{resourceId}","sid":"{sid}",
                 "serverResponse":{"uploadingStatus":"uploaded","fileListMode":"json","fileList":[
                   {"fileName":"{sid}_{cname}_0.mp4","trackType":"audio_and_video","uid":"0","mixedAllUser":true,
                    "isPlayable":true,"sliceStartTime":%1$d},
                   {"fileName":"{sid}_{cname}.m3u8","trackType":"audio_and_video","uid":"0","mixedAllUser":true,
                    "isPlayable":true,"sliceStartTime":%1$d}]}}""".formatted(sliceStartTime);
    }

    private Routed violation(int status, String body, String what) {
        violations.add(what);
        return new Routed(Reply.of(status, body), null, null, null);
    }

    /** Polls {@code read} until {@code done} holds; an AssertionError with {@code explain} after {@code timeout}. */
    public static <T> T awaitUntil(
            java.util.function.Supplier<T> read,
            Predicate<T> done,
            Duration timeout,
            java.util.function.Supplier<String> explain) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = read.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + ": " + explain.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
