package dev.lectern.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NcsSignatureTest {

    /** Agora's NCS documentation vector (shared/reference/agora.md §4). */
    private static final String BODY =
            "{\"eventMs\":1560408533119,\"eventType\":10,\"noticeId\":\"4eb720f0-8da7-11e9-a43e-53f411c2761f\","
                    + "\"notifyMs\":1560408533119,\"payload\":{\"a\":\"1\",\"b\":2},\"productId\":1}";

    private static final String SHA256 = "6d3320c60b11101395b7fc8f9068748808a0aa1bfa064438e39d1bc2c7d74d99";

    private final NcsSignature signature = new NcsSignature("secret");

    @Test
    void reproducesAgorasDocumentedSignature() {
        assertThat(signature.sign(BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(SHA256);
        assertThat(signature.verify(BODY.getBytes(StandardCharsets.UTF_8), SHA256))
                .isTrue();
        assertThat(signature.verify(BODY.getBytes(StandardCharsets.UTF_8), SHA256.toUpperCase()))
                .isTrue();
    }

    @Test
    void rejectsAnyChangeToTheBodyOrTheSignature() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        byte[] reformatted = BODY.replace(",", ", ").getBytes(StandardCharsets.UTF_8);
        assertThat(signature.verify(reformatted, SHA256)).isFalse();
        assertThat(signature.verify(body, SHA256.substring(0, 63) + "0")).isFalse();
        assertThat(signature.verify(body, "not-hex")).isFalse();
        assertThat(signature.verify(body, "")).isFalse();
        assertThat(signature.verify(body, null)).isFalse();
    }

    @Test
    void refusesEverythingWithoutASecret() {
        var unconfigured = new NcsSignature("");
        assertThat(unconfigured.configured()).isFalse();
        assertThat(unconfigured.verify(BODY.getBytes(StandardCharsets.UTF_8), SHA256))
                .isFalse();
    }
}
