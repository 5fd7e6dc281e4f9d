package dev.lectern.webhook;

import dev.lectern.system.Sql;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox. One thread of its own (never a Netty or request thread) claims due rows
 * ({@link Deliveries#claim}, FOR UPDATE SKIP LOCKED plus a lease), so however many nodes run a sender,
 * one at a time works on a row; the attempts of a batch run in parallel on virtual threads, so a
 * receiver that stalls for the whole timeout delays no other URL. Woken by this node's commits, and
 * polling every {@code pollInterval} for rows written elsewhere or due for a retry.
 *
 * <p>Each attempt has its own {@code webhook-timestamp} and signature; {@code webhook-id} and the body
 * are the row's. A 2xx delivers; anything else, a connection failure or the timeout retries per
 * {@link Backoff}; past the retention the row is dropped, counted in {@code lectern_webhooks_failed_total},
 * and kept for a replay (docs/webhooks.md). {@code lectern_webhooks_pending} is the pending rows, all nodes'.
 */
@Component
public class WebhookSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final int BATCH = 50;

    private final Deliveries deliveries;
    private final WebhookSettings settings;
    private final WebhookWakeUp wakeUp;
    private final Clock clock;
    private final WebhookSignature signature;
    private final Counter failed;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Runnable wake = this::wake;
    private final HttpClient http;
    private ScheduledExecutorService loop;
    private ExecutorService attempts;
    private volatile boolean running;

    WebhookSender(
            Deliveries deliveries,
            WebhookSettings settings,
            WebhookWakeUp wakeUp,
            Clock clock,
            MeterRegistry registry) {
        this.deliveries = deliveries;
        this.settings = settings;
        this.wakeUp = wakeUp;
        this.clock = clock;
        this.signature = settings.enabled() ? new WebhookSignature(settings.key()) : null;
        this.failed = Counter.builder("lectern.webhooks.failed")
                .description("webhook messages dropped after retrying for the retention (per URL)")
                .register(registry);
        registry.gauge("lectern.webhooks.pending", pending);
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public synchronized void start() {
        if (running || !settings.enabled() || !settings.senderEnabled()) {
            return;
        }
        running = true;
        loop = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("webhook-sender").factory());
        attempts = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("webhook-attempt-", 0).factory());
        long every = settings.pollInterval().toMillis();
        // runOnce() catches what a pass throws, so the schedule never ends by an exception; stop() ends it
        var unused = loop.scheduleWithFixedDelay(this::runOnce, 0, every, TimeUnit.MILLISECONDS);
        wakeUp.subscribe(wake);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wakeUp.unsubscribe(wake);
        loop.shutdownNow();
        attempts.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** A commit queued messages: send them now rather than at the next poll. */
    void wake() {
        if (running && queued.compareAndSet(false, true)) {
            try {
                loop.execute(() -> {
                    queued.set(false);
                    runOnce();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.set(false); // stopping
            }
        }
    }

    private void runOnce() {
        try {
            while (running && sendDue() == BATCH) {
                // a full batch: there may be more due right now
            }
            pending.set(deliveries.pending());
        } catch (RuntimeException e) {
            log.warn("webhook sender: {}", e.toString()); // the database is away; the next poll tries again
        }
    }

    /** Claims and attempts one batch of due rows; returns how many it claimed. */
    int sendDue() {
        Instant now = Sql.now(clock);
        // the lease outlasts an attempt (timeout) with a margin, so a live sender never loses its claim
        List<Deliveries.Delivery> batch =
                deliveries.claim(now, now.plus(settings.timeout().multipliedBy(3)), BATCH);
        if (batch.isEmpty()) {
            return 0;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (Deliveries.Delivery d : batch) {
            futures.add(attempts.submit(() -> attempt(d)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("webhook attempt failed unexpectedly", e.getCause());
            }
        }
        return batch.size();
    }

    private void attempt(Deliveries.Delivery d) {
        Integer status = null;
        String error;
        try {
            long timestamp = Sql.now(clock).getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(URI.create(d.url()))
                    .timeout(settings.timeout())
                    .header("content-type", "application/json")
                    .header("user-agent", "Lectern-Webhooks/1")
                    .header("webhook-id", d.messageId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", signature.sign(d.messageId(), timestamp, d.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(d.body()))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            if (status / 100 == 2) {
                deliveries.delivered(d.id(), status, Sql.now(clock));
                return;
            }
            error = "HTTP " + status;
        } catch (java.net.http.HttpTimeoutException e) {
            error = "timeout after " + settings.timeout();
        } catch (java.io.IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the lease runs out and another sender (or the next start) sends it
        } catch (IllegalArgumentException e) {
            error = "bad URL: " + e.getMessage();
        }
        Instant end = Sql.now(clock);
        Instant next = Backoff.next(d.attempts() + 1, end, d.expiresAt());
        if (next != null) {
            deliveries.retryAt(d.id(), status, error, next);
        } else if (deliveries.dropped(d.id(), status, error)) {
            failed.increment();
            log.warn(
                    "webhook {} ({}) to {} dropped after {} attempts: {}",
                    d.messageId(),
                    d.type(),
                    d.url(),
                    d.attempts() + 1,
                    error);
        }
    }
}
