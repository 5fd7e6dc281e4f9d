package dev.lectern.recording;

import dev.lectern.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server configured for a real Agora project whose cloud is the local {@link AgoraStub}.
 * Subclasses share one application context (and one stub, reset before each test).
 */
public abstract class AgoraConfiguredTest extends IntegrationTest {

    public static final String APP_ID = AgoraStub.APP_ID;
    public static final String APP_CERTIFICATE = "5CFd2fd1755d40ecb72977518be15d3b";
    static final AgoraStub AGORA = start();

    @DynamicPropertySource
    static void agora(DynamicPropertyRegistry registry) {
        registry.add("lectern.agora.api-base-url", () -> AGORA.baseUrl().toString());
        registry.add("lectern.agora.app-id", () -> APP_ID);
        registry.add("lectern.agora.app-certificate", () -> APP_CERTIFICATE);
        registry.add("lectern.agora.customer-id", () -> AgoraStub.CUSTOMER_ID);
        registry.add("lectern.agora.customer-secret", () -> AgoraStub.CUSTOMER_SECRET);
        registry.add("lectern.recording.storage-vendor", () -> "1");
        registry.add("lectern.recording.storage-region", () -> "0");
        registry.add("lectern.recording.storage-bucket", () -> "lectern-test");
        registry.add("lectern.recording.storage-access-key", () -> "AKIA-TEST");
        registry.add("lectern.recording.storage-secret-key", () -> "shh");
        registry.add("lectern.recording.retry-backoff", () -> "50ms");
        registry.add("lectern.recording.request-timeout", () -> "2s");
    }

    @BeforeEach
    void resetAgora() {
        AGORA.reset();
    }

    /** For tests elsewhere that go live but don't care about recording: Agora refuses the next one at once. */
    protected static void agoraRefusesNextRecording() {
        AGORA.reply("acquire", 400, "{\"code\":2,\"reason\":\"invalid parameter\"}");
    }

    private static AgoraStub start() {
        try {
            return new AgoraStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
