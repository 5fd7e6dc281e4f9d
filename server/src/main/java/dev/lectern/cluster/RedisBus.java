package dev.lectern.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.redisson.Redisson;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis pub/sub channel per deployment ({@code <prefix>:bus}) that every node publishes to and
 * listens on. Replaces netty-socketio's RedissonStoreFactory, which keeps a Redis hash per session
 * forever and mirrors every join and leave to every node. Here only broadcasts travel, each once.
 *
 * <p>Redis going away must not hurt the node's own traffic: publishing is asynchronous and its
 * failures are only counted. A probe published every second and heard back by this node says whether
 * the bus works end to end; after three silent seconds the node resubscribes (Redisson resubscribes
 * after a reconnect by itself; this covers the case where it did not).
 */
final class RedisBus implements ClusterBus, AutoCloseable {

    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    private static final Duration SILENCE = PROBE_EVERY.multipliedBy(3);
    private static final String PROBE = "probe";
    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    private final ObjectMapper json = new ObjectMapper();
    private final String origin;
    private final String channel;
    private final RedissonClient redis;
    private final RTopic topic;
    private final Map<String, List<Consumer<JsonNode>>> handlers = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final ScheduledExecutorService prober;
    private volatile Integer listener;
    private volatile boolean subscribing;
    private final Clock clock;
    private final LongSupplier nanoTime;
    /** Monotonic (nanoTime) instants of liveness: a clock set back or moved on by a test must not fake silence. */
    private volatile Long lastEcho;

    private volatile Instant downSince;
    private final long started;
    private volatile boolean warnedAtStart;
    private final ScheduledFuture<?> probing;

    /**
     * @param clock    the application's clock, for the {@code downSince} that health reports show
     * @param nanoTime a monotonic source ({@code System::nanoTime}) for the probe's silence windows
     */
    RedisBus(ClusterSettings settings, LocalNode node, Clock clock, LongSupplier nanoTime) {
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.downSince = clock.instant();
        this.started = nanoTime.getAsLong();
        this.origin = node.id();
        this.channel = settings.prefix() + ":bus";
        this.redis = Redisson.create(config(settings.redisUrl()));
        this.topic = redis.getTopic(channel, StringCodec.INSTANCE);
        this.prober = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("cluster-bus").factory());
        // probe() catches everything, so the schedule never ends by an exception; close() cancels it
        this.probing = prober.scheduleWithFixedDelay(this::probe, 0, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Fails fast instead of queueing: a message that cannot go now is stale by the time Redis is
     * back. One connection each way, so one node's messages keep their order.
     */
    private static Config config(String redisUrl) {
        URI uri = URI.create(redisUrl);
        Config config = new Config();
        config.setLazyInitialization(true); // start even while Redis is down
        config.setCodec(StringCodec.INSTANCE);
        var single = config.useSingleServer()
                .setAddress(uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 6379))
                .setConnectTimeout(2000)
                .setTimeout(2000)
                .setRetryAttempts(0)
                .setPingConnectionInterval(1000)
                .setConnectionPoolSize(1)
                .setConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(1)
                .setSubscriptionConnectionMinimumIdleSize(1);
        if (uri.getUserInfo() != null) {
            String[] user = uri.getUserInfo().split(":", 2);
            single.setPassword(user.length == 2 ? user[1] : user[0]);
            if (user.length == 2 && !user[0].isEmpty()) {
                single.setUsername(user[0]);
            }
        }
        String db = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
        if (!db.isEmpty()) {
            single.setDatabase(Integer.parseInt(db));
        }
        return config;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public void publish(String kind, JsonNode body) {
        send(kind, body);
    }

    @Override
    public void subscribe(String kind, Consumer<JsonNode> handler) {
        handlers.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(handler);
    }

    @Override
    public BusState state() {
        Instant since = downSince;
        return new BusState(
                true,
                since == null,
                since == null ? null : since.toString(),
                published.get(),
                received.get(),
                failures.get());
    }

    private void send(String kind, JsonNode body) {
        ObjectNode envelope = json.createObjectNode().put("o", origin).put("k", kind);
        envelope.set("b", body);
        String text = envelope.toString();
        try {
            topic.publishAsync(text).whenComplete((listeners, error) -> {
                if (error == null) {
                    published.incrementAndGet();
                } else {
                    failed(error);
                }
            });
        } catch (RuntimeException e) { // Redisson may refuse at once while it has no connection
            failed(e);
        }
    }

    private void failed(Throwable error) {
        failures.incrementAndGet();
        down("publishing failed: " + error.getMessage());
    }

    private void onMessage(CharSequence from, String text) {
        JsonNode envelope;
        try {
            envelope = json.readTree(text);
        } catch (Exception e) {
            log.warn("ignoring an unreadable message on {}", channel);
            return;
        }
        String kind = envelope.path("k").asText();
        if (origin.equals(envelope.path("o").asText())) {
            if (PROBE.equals(kind)) {
                lastEcho = nanoTime.getAsLong();
                up();
            }
            return; // this node delivered it locally already
        }
        if (PROBE.equals(kind)) {
            return;
        }
        received.incrementAndGet();
        for (Consumer<JsonNode> handler : handlers.getOrDefault(kind, List.of())) {
            try {
                handler.accept(envelope.path("b"));
            } catch (RuntimeException e) {
                log.warn("handling a {} message from another node failed", kind, e);
            }
        }
    }

    private void probe() {
        try {
            if (listener == null && !subscribing) {
                subscribe();
            }
            Long echo = lastEcho;
            long now = nanoTime.getAsLong();
            if (echo == null && !warnedAtStart && now - started > SILENCE.toNanos()) {
                warnedAtStart = true; // down() stays quiet: the bus has been "down" since the start
                log.warn(
                        "cross-node signaling degraded: Redis (channel {}) not reachable since start-up; "
                                + "this node's own rooms work, and it connects when Redis does",
                        channel);
            }
            if (listener != null && (echo == null || now - echo > SILENCE.toNanos())) {
                down("this node has not heard its own probe for " + SILENCE.toSeconds() + " s");
                if (echo != null && now - echo > SILENCE.multipliedBy(2).toNanos()) {
                    resubscribe();
                }
            }
            send(PROBE, json.createObjectNode());
        } catch (RuntimeException e) {
            down(e.getMessage());
        }
    }

    private void subscribe() {
        subscribing = true;
        try {
            topic.addListenerAsync(String.class, this::onMessage).whenComplete((id, error) -> {
                listener = error == null ? id : null;
                subscribing = false;
            });
        } catch (RuntimeException e) { // no connection yet: the next probe tries again
            subscribing = false;
            throw e;
        }
    }

    private void resubscribe() {
        Integer old = listener;
        listener = null;
        lastEcho = nanoTime.getAsLong(); // give the new subscription its own grace period
        if (old != null) {
            // a failed removal leaves a listener that only ever sees what the new one sees; the next
            // resubscribe tries again, so the outcome is not waited for
            var unused = topic.removeListenerAsync(old);
        }
    }

    private synchronized void down(String reason) {
        if (downSince == null) {
            downSince = clock.instant();
            log.warn("cross-node signaling degraded ({}); this node's own rooms keep working", reason);
        }
    }

    private synchronized void up() {
        if (downSince != null) {
            log.info("cross-node signaling through Redis ({}) is up", channel);
            downSince = null;
        }
    }

    @Override
    public void close() {
        probing.cancel(false);
        prober.shutdownNow();
        redis.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
