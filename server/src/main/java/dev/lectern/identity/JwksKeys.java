package dev.lectern.identity;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWKS, fetched in the background and served from memory. A Socket.IO handshake verifies its token
 * on a Netty I/O thread, which must never wait on HTTP; so a caller that {@link Access#NO_IO may not
 * block} gets only the keys already here, and a miss (no keys yet, or a {@code kid} we have not seen,
 * as after a key rotation) starts a fetch and refuses this one token: the client's retry finds the key.
 * A REST request ({@link Access#MAY_WAIT}) waits for that fetch, up to {@link #FETCH_TIMEOUT}, as
 * nimbus's own source did. The set is re-fetched when older than {@link #TTL}, the stale set serving
 * meanwhile; misses fetch at most once per {@link #MIN_INTERVAL}, so forged kids cannot make us hammer
 * the identity provider.
 */
final class JwksKeys implements JWKSource<SecurityContext> {

    /** How the verifying thread may wait for the network; passed through nimbus as the SecurityContext. */
    enum Access implements SecurityContext {
        MAY_WAIT,
        NO_IO
    }

    static final Duration TTL = Duration.ofMinutes(5);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(30);
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    /** A JWKS is a few KB; more is not one. */
    static final int MAX_BYTES = 512 * 1024;

    private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);

    private record Snapshot(JWKSet keys, Instant fetchedAt) {}

    private final URI uri;
    private final HttpClient http;
    private final Clock clock;
    private volatile Snapshot snapshot;
    private CompletableFuture<Void> inFlight; // guarded by this
    private Instant lastStarted = Instant.MIN; // guarded by this

    JwksKeys(URI uri, HttpClient http, Clock clock) {
        this.uri = uri;
        this.http = http;
        this.clock = clock;
    }

    /** Starts the first fetch now, so the keys are usually here before the first token is. */
    JwksKeys start() {
        var unused = refresh(true); // refresh logs its own failure; nobody waits for the first fetch
        return this;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        boolean mayWait = context != Access.NO_IO;
        Snapshot s = snapshot;
        if (s != null) {
            List<JWK> found = selector.select(s.keys());
            boolean stale = !clock.instant().isBefore(s.fetchedAt().plus(TTL));
            if (!found.isEmpty()) {
                if (stale) {
                    var unused = refresh(false); // the stale set serves until the fresh one is in
                }
                return found;
            }
        }
        CompletableFuture<Void> fetch = refresh(false);
        if (!mayWait || fetch == null) {
            return List.of();
        }
        try {
            fetch.get(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        }
        Snapshot fresh = snapshot;
        return fresh == null ? List.of() : selector.select(fresh.keys());
    }

    /**
     * The fetch under way, or a new one; null when the last one started within {@link #MIN_INTERVAL}
     * (unless {@code force}) and is over. Never blocks: the HTTP client runs it on its own threads.
     */
    synchronized CompletableFuture<Void> refresh(boolean force) {
        if (inFlight != null && !inFlight.isDone()) {
            return inFlight;
        }
        Instant now = clock.instant();
        if (!force && now.isBefore(lastStarted.plus(MIN_INTERVAL))) {
            return null;
        }
        lastStarted = now;
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(FETCH_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        inFlight = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenAccept(this::accept)
                .exceptionally(e -> {
                    log.warn("could not fetch the JWKS from {}: {}", uri, e.getMessage());
                    return null;
                });
        return inFlight;
    }

    private void accept(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                log.warn("the JWKS at {} answered {}", uri, response.statusCode());
                return;
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                log.warn("the JWKS at {} is larger than {} bytes; ignored", uri, MAX_BYTES);
                return;
            }
            // public keys only: a JWKS that leaks private parts is still only used to verify
            JWKSet keys =
                    JWKSet.parse(new String(bytes, StandardCharsets.UTF_8)).toPublicJWKSet();
            snapshot = new Snapshot(keys, clock.instant());
        } catch (IOException | ParseException | RuntimeException e) {
            log.warn("the JWKS at {} could not be read: {}", uri, e.getMessage());
        }
    }
}
