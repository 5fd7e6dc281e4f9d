package dev.lectern.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final Instant EXPIRES = T0.plus(Duration.ofHours(24));

    @Test
    void theFirstRetryComesWithin15SecondsThenTheGapsGrowUntilTheMessageExpires() {
        Instant now = T0;
        Duration previous = Duration.ZERO;
        int attempts = 0;
        for (int attempt = 1; ; attempt++) {
            Instant next = Backoff.next(attempt, now, EXPIRES);
            if (next == null) {
                attempts = attempt;
                break;
            }
            Duration gap = Duration.between(now, next);
            if (attempt == 1) {
                assertThat(gap).isLessThanOrEqualTo(Duration.ofSeconds(15));
            } else if (!next.equals(EXPIRES)) {
                assertThat(gap).isGreaterThanOrEqualTo(previous);
            }
            assertThat(next).isBeforeOrEqualTo(EXPIRES);
            previous = gap;
            now = next;
        }
        assertThat(now).as("the last attempt is at the expiry").isEqualTo(EXPIRES);
        assertThat(attempts).as("attempts in 24 h").isBetween(10, 20);
    }

    @Test
    void anAttemptThatEndsAfterTheExpiryDrops() {
        assertThat(Backoff.next(3, EXPIRES, EXPIRES)).isNull();
        assertThat(Backoff.next(1, EXPIRES.minusSeconds(2), EXPIRES)).isEqualTo(EXPIRES);
    }

    @Test
    void badSettingsStopTheStartWithTheVariablesName() {
        List<String> urls = List.of("https://example.test/hook");
        assertThatThrownBy(() -> new WebhookSettings(urls, null, null, null, null, null))
                .hasMessageContaining("LECTERN_WEBHOOK_SECRET");
        assertThatThrownBy(() -> new WebhookSettings(urls, "whsec_not base64!", null, null, null, null))
                .hasMessageContaining("LECTERN_WEBHOOK_SECRET");
        assertThatThrownBy(() -> new WebhookSettings(urls, "whsec_AAAA", null, null, null, null))
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> new WebhookSettings(
                        List.of("ftp://x/y"), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null, null, null, null))
                .hasMessageContaining("LECTERN_WEBHOOK_URLS");
        WebhookSettings off = new WebhookSettings(List.of(" ", ""), null, null, null, null, null);
        assertThat(off.enabled()).isFalse();
        WebhookSettings on = new WebhookSettings(
                List.of(" https://a.test/h ", "http://b.test/h"),
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                null,
                null,
                null,
                null);
        assertThat(on.urls()).containsExactly("https://a.test/h", "http://b.test/h");
        assertThat(on.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(on.retention()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void theSignatureIsTheStandardsHmacOverIdTimestampBody() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        WebhookSignature ours = new WebhookSignature(WebhookSettings.key(secret));
        com.standardwebhooks.Webhook reference = new com.standardwebhooks.Webhook(secret);
        String body = "{\"type\":\"workshop.live\",\"data\":{\"title\":\"Zoë ☕\"}}";
        assertThat(ours.sign("msg_1", 1_700_000_000L, body)).isEqualTo(reference.sign("msg_1", 1_700_000_000L, body));
    }
}
