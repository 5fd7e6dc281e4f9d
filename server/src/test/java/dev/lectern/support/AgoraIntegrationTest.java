package dev.lectern.support;

import dev.lectern.recording.AgoraStub;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole server with Agora fully configured: a real App ID and certificate (so tokens are issued)
 * and cloud recording pointed at one {@link AgoraStub} that every subclass shares, as they share one
 * Spring context. Backoffs are 50 ms and a request times out after 2 s, so the failure matrix runs in
 * seconds. Each test starts with an empty script and call log; the stub succeeds unless told otherwise.
 * Tests script channel by channel ({@code AGORA.on(channel)}), so a late retry of another test's
 * recording cannot consume their replies.
 */
public abstract class AgoraIntegrationTest extends IntegrationTest {

    /** The certificate of Agora's official test vectors: 32 hex characters, used as ASCII. */
    public static final String APP_CERTIFICATE = "5CFd2fd1755d40ecb72977518be15d3b";

    public static final String APP_ID = AgoraStub.APP_ID;
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration BACKOFF = Duration.ofMillis(50);
    public static final String PUBLIC_BASE_URL = "https://media.example.test/recordings";

    protected static final AgoraStub AGORA = AgoraStub.start().succeedByDefault(true);

    @DynamicPropertySource
    static void agora(DynamicPropertyRegistry registry) {
        registry.add("lectern.agora.app-id", () -> APP_ID);
        registry.add("lectern.agora.app-certificate", () -> APP_CERTIFICATE);
        registry.add("lectern.agora.customer-id", () -> AgoraStub.CUSTOMER_ID);
        registry.add("lectern.agora.customer-secret", () -> AgoraStub.CUSTOMER_SECRET);
        registry.add("lectern.agora.api-base-url", () -> AGORA.baseUrl().toString());
        registry.add("lectern.recording.storage-vendor", () -> "1");
        registry.add("lectern.recording.storage-region", () -> "3");
        registry.add("lectern.recording.storage-bucket", () -> "lectern-test-recordings");
        registry.add("lectern.recording.storage-access-key", () -> "AKIATESTACCESSKEY");
        registry.add("lectern.recording.storage-secret-key", () -> "test-storage-secret");
        registry.add("lectern.recording.public-base-url", () -> PUBLIC_BASE_URL);
        registry.add("lectern.recording.retry-backoff", () -> BACKOFF.toMillis() + "ms");
        registry.add("lectern.recording.request-timeout", () -> REQUEST_TIMEOUT.toSeconds() + "s");
    }

    @BeforeEach
    void resetAgora() {
        AGORA.reset();
    }

    /** The workshop as {@code who} sees it through the API. */
    protected JsonNode workshop(long workshopId, User who) {
        var response = api.get("/api/workshops/" + workshopId, who.token());
        if (response.status() != 200) {
            throw new AssertionError("GET workshop " + workshopId + ": " + response);
        }
        return response.json();
    }

    protected String channelOf(long workshopId, User who) {
        return workshop(workshopId, who).get("agoraChannel").asString();
    }

    /** Polls GET /api/workshops/{id} until recordingStatus satisfies {@code done}; returns the workshop. */
    protected JsonNode awaitRecording(long workshopId, User who, Predicate<String> done, Duration timeout) {
        return AgoraStub.awaitUntil(
                () -> workshop(workshopId, who),
                w -> done.test(w.get("recordingStatus").asString()),
                timeout,
                () -> "recordingStatus is "
                        + workshop(workshopId, who).get("recordingStatus").asString());
    }

    protected JsonNode awaitRecording(long workshopId, User who, String status) {
        return awaitRecording(workshopId, who, status::equals, Duration.ofSeconds(20));
    }

    /** POSTs and returns the elapsed time; fails unless 200. */
    protected Duration timedPost(String path, User who) {
        long started = System.nanoTime();
        var response = api.post(path, who.token(), null);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (response.status() != 200) {
            throw new AssertionError("POST " + path + ": " + response);
        }
        return elapsed;
    }

    protected static Instant instant(JsonNode node) {
        return Instant.parse(node.asString());
    }
}
