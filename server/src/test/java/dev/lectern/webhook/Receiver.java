package dev.lectern.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real HTTP receiver on a free loopback port that answers as told: 200, 500, or a stall past the sender's timeout. */
final class Receiver implements AutoCloseable {

    enum Mode {
        OK,
        FAIL,
        STALL
    }

    record Request(String id, String timestamp, String signature, String body, int answered) {
        Map<String, List<String>> headers() {
            return Map.of(
                    "webhook-id",
                    List.of(id),
                    "webhook-timestamp",
                    List.of(timestamp),
                    "webhook-signature",
                    List.of(signature));
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private volatile Mode mode = Mode.OK;
    private volatile CountDownLatch stall = new CountDownLatch(1);

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Mode m = mode;
            if (m == Mode.STALL) {
                try {
                    stall.await(5, TimeUnit.SECONDS); // past the sender's timeout, unless released
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = m == Mode.FAIL ? 500 : 200;
            requests.add(new Request(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    body,
                    status));
            try {
                exchange.sendResponseHeaders(status, -1);
            } catch (IOException e) {
                // the sender gave up (timeout) and closed the connection
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void mode(Mode mode) {
        if (mode == Mode.STALL) {
            stall = new CountDownLatch(1);
        } else {
            stall.countDown();
        }
        this.mode = mode;
    }

    /** The next request, waiting up to {@code wait}; null if none came. */
    Request next(Duration wait) throws InterruptedException {
        return requests.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next request of {@code type} (others are skipped), or fails. */
    Request next(String type, Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            Request r = next(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
            if (r != null && r.body().contains("\"type\":\"" + type + "\"")) {
                return r;
            }
        }
        throw new AssertionError("no " + type + " webhook within " + wait);
    }

    List<Request> drain() {
        List<Request> out = new java.util.ArrayList<>();
        requests.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        stall.countDown();
        server.stop(0);
    }
}
