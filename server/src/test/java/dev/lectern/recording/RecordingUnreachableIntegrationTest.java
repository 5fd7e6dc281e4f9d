package dev.lectern.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api.Response;
import dev.lectern.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Recording configured, but Agora's host refuses connections (nothing listens on the port): start
 * and end answer at once, the recorder retries the connection, and the recording ends up failed
 * with a transport error. No App Certificate here, so tokens answer 503 while recording is on.
 */
class RecordingUnreachableIntegrationTest extends IntegrationTest {

    static final int CLOSED_PORT = closedPort();

    @DynamicPropertySource
    static void unreachableAgora(DynamicPropertyRegistry registry) {
        registry.add("lectern.agora.app-id", () -> AgoraStub.APP_ID);
        registry.add("lectern.agora.customer-id", () -> AgoraStub.CUSTOMER_ID);
        registry.add("lectern.agora.customer-secret", () -> AgoraStub.CUSTOMER_SECRET);
        registry.add("lectern.agora.api-base-url", () -> "http://127.0.0.1:" + CLOSED_PORT);
        registry.add("lectern.recording.storage-vendor", () -> "1");
        registry.add("lectern.recording.storage-region", () -> "0");
        registry.add("lectern.recording.storage-bucket", () -> "bucket");
        registry.add("lectern.recording.storage-access-key", () -> "key");
        registry.add("lectern.recording.storage-secret-key", () -> "secret");
        registry.add("lectern.recording.retry-backoff", () -> "50ms");
        registry.add("lectern.recording.request-timeout", () -> "2s");
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void connectionRefusedIsRetriedThenTheRecordingFails() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);

        long began = System.nanoTime();
        Response start = api.post("/api/workshops/" + id + "/start", host.token(), null);
        Duration startLatency = Duration.ofNanos(System.nanoTime() - began);
        assertThat(start.status()).isEqualTo(200);
        began = System.nanoTime();
        Response end = api.post("/api/workshops/" + id + "/end", host.token(), null);
        Duration endLatency = Duration.ofNanos(System.nanoTime() - began);
        assertThat(end.status()).isEqualTo(200);
        System.out.printf(
                "connection refused: start %d ms, end %d ms%n", startLatency.toMillis(), endLatency.toMillis());
        assertThat(startLatency).isLessThan(Duration.ofSeconds(1));
        assertThat(endLatency).isLessThan(Duration.ofSeconds(1));

        AgoraStub.awaitUntil(
                () -> api.get("/api/workshops/" + id, host.token())
                        .json()
                        .get("recordingStatus")
                        .asString(),
                "failed"::equals,
                Duration.ofSeconds(20),
                () -> "not failed yet");
        String error = jdbc.sql("SELECT error FROM recordings WHERE workshop_id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(error)
                .contains("Agora acquire failed (TRANSPORT) after 4 attempts")
                .contains("ConnectException");

        Response token = api.get("/api/workshops/" + id + "/token", host.token());
        assertThat(token.status()).isEqualTo(409); // ended; a live one would be 503 without the certificate
    }

    @Test
    void withoutTheCertificateTokensAre503EvenThoughRecordingIsConfigured() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);

        Response token = api.get("/api/workshops/" + id + "/token", host.token());

        assertThat(token.status()).isEqualTo(503);
        assertThat(token.code()).isEqualTo("rtc_not_configured");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
