package dev.lectern.support;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.json.JSONArray;
import org.json.JSONObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Socket.IO client (io.socket 2.x, WebSocket only) that records every event it receives, so a
 * test can wait for one, or check that one never came.
 */
public final class SocketClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * One HTTP client for every socket of the test JVM. The io.socket default allows OkHttp's 5
     * concurrent calls per host, and a WebSocket's call counts until it closes: a sixth socket to the
     * same server would wait forever. Tests with crowds need hundreds.
     */
    public static final OkHttpClient HTTP = http();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Socket socket;
    private final Map<String, BlockingQueue<Object>> received = new ConcurrentHashMap<>();
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();

    private SocketClient(Socket socket) {
        this.socket = socket;
        socket.onAnyIncoming(
                args -> queue((String) args[0]).add(args.length > 1 && args[1] != null ? args[1] : JSONObject.NULL));
        socket.on(Socket.EVENT_CONNECT, args -> outcome.complete("connected"));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> {
            Object error = args.length > 0 ? args[0] : null;
            queue(Socket.EVENT_CONNECT_ERROR).add(error == null ? JSONObject.NULL : error);
            outcome.complete(error);
        });
        socket.on(
                Socket.EVENT_DISCONNECT, args -> queue(Socket.EVENT_DISCONNECT).add(args.length > 0 ? args[0] : ""));
    }

    /** Connects to /workshop with {@code auth: {token}}; fails the test unless it connects. */
    public static SocketClient connect(String baseUrl, String token) {
        return builder(baseUrl).token(token).connect();
    }

    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** Emits (a Map, List, String, number, boolean or null) and waits for the ack's first argument. */
    public JsonNode call(String event, Object payload) {
        try {
            return callAsync(event, payload).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(event + " got no ack within " + WAIT, e);
        }
    }

    /** Emits the arguments with an ack callback and returns at once; the future completes with the ack. */
    public CompletableFuture<JsonNode> callAsync(String event, Object... payload) {
        CompletableFuture<JsonNode> ack = new CompletableFuture<>();
        Object[] args = new Object[payload.length];
        for (int i = 0; i < payload.length; i++) {
            args[i] = toOrgJson(payload[i]);
        }
        socket.emit(event, args, (Ack) answer -> ack.complete(answer.length > 0 ? tree(answer[0]) : JSON.nullNode()));
        return ack;
    }

    /** Also calls the listener, on the client's event thread, as each {@code event} arrives (for timing). */
    public void onEvent(String event, java.util.function.Consumer<Object> listener) {
        socket.on(event, args -> listener.accept(args.length > 0 ? args[0] : null));
    }

    /** Emits without an ack callback. */
    public void send(String event, Object payload) {
        socket.emit(event, toOrgJson(payload));
    }

    /** The next {@code event} received (waiting for it if needed). */
    public JsonNode next(String event) {
        return tree(nextRaw(event, WAIT));
    }

    /** A value the io.socket client produced (org.json objects, strings, numbers) as a Jackson tree. */
    public static JsonNode tree(Object value) {
        if (value == null || value == JSONObject.NULL) {
            return JSON.nullNode();
        }
        if (value instanceof JSONObject || value instanceof JSONArray) {
            return JSON.readTree(value.toString());
        }
        return JSON.valueToTree(value);
    }

    @SuppressWarnings("unchecked")
    private static Object toOrgJson(Object value) {
        try {
            if (value instanceof Map<?, ?> map) {
                JSONObject json = new JSONObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    json.put(String.valueOf(e.getKey()), toOrgJson(e.getValue()));
                }
                return json;
            }
            if (value instanceof List<?> list) {
                JSONArray json = new JSONArray();
                for (Object item : list) {
                    json.put(toOrgJson(item));
                }
                return json;
            }
            return value == null ? JSONObject.NULL : value;
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    public Object nextRaw(String event, Duration wait) {
        try {
            Object value = queue(event).poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (value == null) {
                throw new AssertionError("no " + event + " within " + wait + "; received so far: " + received.keySet());
            }
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether an {@code event} arrives within the wait (consuming it if so). */
    public boolean receives(String event, Duration wait) {
        try {
            return queue(event).poll(wait.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Everything received of one event so far, without waiting. */
    public List<Object> drain(String event) {
        List<Object> all = new ArrayList<>();
        queue(event).drainTo(all);
        return all;
    }

    public boolean connected() {
        return socket.connected();
    }

    public String id() {
        return socket.id();
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }

    private BlockingQueue<Object> queue(String event) {
        return received.computeIfAbsent(event, e -> new LinkedBlockingQueue<>());
    }

    /** Connection options; {@link #connect()} expects success, {@link #refused()} a connect_error. */
    public static final class Builder {
        private final String baseUrl;
        private String namespace = "/workshop";
        private String token;
        private final Map<String, List<String>> headers = new HashMap<>();

        private Builder(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, List.of(value));
            return this;
        }

        public SocketClient connect() {
            SocketClient client = open();
            Object result = client.await();
            if (!"connected".equals(result)) {
                client.close();
                throw new AssertionError("expected to connect, got connect_error " + result);
            }
            return client;
        }

        /** Expects a connect_error and returns its payload (a JSON object from the server, or a transport error). */
        public Object refused() {
            SocketClient client = open();
            try {
                Object result = client.await();
                if ("connected".equals(result)) {
                    throw new AssertionError("expected connect_error, but connected");
                }
                return result instanceof JSONObject ? tree(result) : result;
            } finally {
                client.close();
            }
        }

        private SocketClient open() {
            IO.Options options = IO.Options.builder()
                    .setForceNew(true)
                    .setReconnection(false)
                    .setTransports(new String[] {WebSocket.NAME})
                    .setAuth(token == null ? null : Map.of("token", token))
                    .setExtraHeaders(headers)
                    .build();
            options.webSocketFactory = HTTP;
            options.callFactory = HTTP;
            SocketClient client = new SocketClient(IO.socket(URI.create(baseUrl + namespace), options));
            client.socket.connect();
            return client;
        }
    }

    private static OkHttpClient http() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(100_000);
        dispatcher.setMaxRequestsPerHost(100_000);
        // the io.socket default's read timeout (long polling waits up to a ping interval)
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .readTimeout(1, TimeUnit.MINUTES)
                .build();
    }

    private Object await() {
        try {
            return outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("neither connect nor connect_error within " + WAIT, e);
        }
    }
}
