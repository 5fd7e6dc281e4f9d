package dev.lectern.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Standard Webhooks' {@code webhook-signature}: {@code v1,} + base64 HMAC-SHA256 of {@code id.timestamp.body}. */
final class WebhookSignature {

    private final SecretKeySpec key;

    WebhookSignature(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    String sign(String messageId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest =
                    mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
