package dev.lectern.socketio;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The wire as the suites see it: plain HTTP requests and a plain WebSocket, no Socket.IO client. */
public final class RawProtocol {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    public static final Duration WAIT = Duration.ofSeconds(5);

    private final String base;

    public RawProtocol(String base) {
        this.base = base;
    }

    public HttpResponse<String> get(String query, String... headers) throws IOException, InterruptedException {
        return HTTP.send(request(query, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> getAsync(String query) {
        return HTTP.sendAsync(request(query).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String query, String body, String... headers)
            throws IOException, InterruptedException {
        return HTTP.send(
                request(query, headers)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String query, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + base + "?" + query))
                .timeout(WAIT);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    /** Opens a polling session; returns its sid. */
    public String pollingSession() throws Exception {
        HttpResponse<String> r = get("EIO=4&transport=polling");
        if (r.statusCode() != 200 || !r.body().startsWith("0")) {
            throw new AssertionError("handshake failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body().substring(1)).path("sid").asString();
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    public Ws ws(String query) throws Exception {
        Ws ws = new Ws();
        ws.socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://" + base + "?" + query), ws)
                .get(5, TimeUnit.SECONDS);
        return ws;
    }

    /** A WebSocket that queues what it receives: text as String, binary as byte[], and "CLOSED" at the end. */
    public static final class Ws implements WebSocket.Listener {

        public static final Object CLOSED = "<closed>";
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket;
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            bytes.writeBytes(chunk);
            if (last) {
                received.add(bytes.toByteArray());
                bytes = new java.io.ByteArrayOutputStream();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add(CLOSED);
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            received.add(CLOSED);
            closed.complete(-1);
        }

        public void send(String s) {
            socket.sendText(s, true).join();
        }

        public void sendBinary(byte[] b) {
            socket.sendBinary(ByteBuffer.wrap(b), true).join();
        }

        /** The next message that is not a ping ("2"), answering pings as it goes. */
        public Object next() throws InterruptedException {
            while (true) {
                Object m = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (m == null) {
                    throw new AssertionError("no message within " + WAIT);
                }
                if ("2".equals(m)) {
                    send("3");
                    continue;
                }
                return m;
            }
        }

        public boolean closesWithin(Duration d) throws Exception {
            try {
                closed.get(d.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            }
        }

        /** Answers pings (so the heartbeat keeps it) until the server closes it. */
        public boolean answersPingsUntilClosed(Duration d) throws InterruptedException {
            long end = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < end) {
                Object m = received.poll(50, TimeUnit.MILLISECONDS);
                if (m == CLOSED) {
                    return true;
                }
                if ("2".equals(m)) {
                    send("3");
                }
            }
            return false;
        }

        public void close() {
            socket.abort();
        }
    }
}
