package dev.lectern.recording;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local Agora Cloud Recording endpoint on a free port. It enforces the REST contract (method,
 * path, Basic auth, JSON body with cname/uid/clientRequest) the way Agora does, and answers each
 * call from a per-action script. Contract violations are collected so a test can assert none.
 */
final class AgoraStub implements AutoCloseable {

    static final String APP_ID = "970CA35de60c44645bbae8a215061b33";
    static final String CUSTOMER_ID = "lectern-customer";
    static final String CUSTOMER_SECRET = "s3cret";

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String APP = "/v1/apps/" + APP_ID + "/cloud_recording/";
    private static final Map<String, Pattern> ROUTES = Map.of(
            "acquire", Pattern.compile(APP + "acquire"),
            "start", Pattern.compile(APP + "resourceid/([^/]+)/mode/mix/start"),
            "query", Pattern.compile(APP + "resourceid/([^/]+)/sid/([^/]+)/mode/mix/query"),
            "stop", Pattern.compile(APP + "resourceid/([^/]+)/sid/([^/]+)/mode/mix/stop"));

    record Reply(int status, String body, Duration delay) {
    }

    record Call(String action, String method, String path, JsonNode body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Queue<Reply>> script = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    AgoraStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    AgoraStub reply(String action, int status, String body) {
        script.computeIfAbsent(action, key -> new ArrayDeque<>()).add(new Reply(status, body, Duration.ZERO));
        return this;
    }

    /** A reply that comes only after the delay: a slow Agora. */
    AgoraStub replyAfter(Duration delay, String action, int status, String body) {
        script.computeIfAbsent(action, key -> new ArrayDeque<>()).add(new Reply(status, body, delay));
        return this;
    }

    /** Forgets the script and the calls, for a stub shared by several tests. */
    void reset() {
        script.clear();
        calls.clear();
        violations.clear();
    }

    /** Calls of one action for one channel, when several workshops share the stub. */
    List<Call> calls(String action, String cname) {
        return calls(action).stream().filter(call -> cname.equals(call.body() == null ? null : call.body().path("cname").asString(null))).toList();
    }

    /** A call that gets no answer for far longer than any request timeout under test. */
    AgoraStub hang(String action) {
        script.computeIfAbsent(action, key -> new ArrayDeque<>()).add(new Reply(200, "{}", Duration.ofSeconds(30)));
        return this;
    }

    List<Call> calls(String action) {
        return calls.stream().filter(call -> call.action().equals(action)).toList();
    }

    List<String> violations() {
        return violations;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply = route(exchange);
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay());
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Reply route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String action = ROUTES.entrySet().stream().filter(route -> route.getValue().matcher(path).matches())
                .map(Map.Entry::getKey).findFirst().orElse(null);
        String expectedMethod = "query".equals(action) ? "GET" : "POST";
        if (action == null || !exchange.getRequestMethod().equals(expectedMethod)) {
            return violation(404, "{\"message\":\"no Route matched with those values\"}",
                    exchange.getRequestMethod() + " " + path);
        }
        String expectedAuth = "Basic " + Base64.getEncoder()
                .encodeToString((CUSTOMER_ID + ":" + CUSTOMER_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return new Reply(401, "{\"message\":\"Invalid authentication credentials\"}", Duration.ZERO);
        }
        if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            return violation(400, "{\"code\":2,\"reason\":\"content type\"}", "Content-Type for " + action);
        }
        JsonNode body = null;
        if (expectedMethod.equals("POST")) {
            body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            if (!body.path("cname").isString() || !body.path("uid").isString()
                    || !body.path("uid").stringValue().matches("[1-9][0-9]*") || !body.path("clientRequest").isObject()) {
                return violation(400, "{\"code\":2,\"reason\":\"invalid parameters\"}", "body of " + action + ": " + body);
            }
        }
        calls.add(new Call(action, exchange.getRequestMethod(), path, body));
        Reply reply = script.getOrDefault(action, new ArrayDeque<>()).poll();
        return reply != null ? reply : violation(418, "{\"reason\":\"unscripted\"}", "unscripted " + action);
    }

    private Reply violation(int status, String body, String what) {
        violations.add(what);
        return new Reply(status, body, Duration.ZERO);
    }

    /** The path segments a route captured, e.g. resourceId and sid. */
    static List<String> segments(Call call) {
        Matcher matcher = ROUTES.get(call.action()).matcher(call.path());
        if (!matcher.matches()) {
            throw new AssertionError(call.path());
        }
        return IntStream.rangeClosed(1, matcher.groupCount()).mapToObj(matcher::group).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
