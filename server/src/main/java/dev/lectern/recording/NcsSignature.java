package dev.lectern.recording;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Agora NCS's {@code Agora-Signature-V2}: hex HMAC-SHA256 of the raw body with the NCS secret. Checked
 * over the exact bytes received, before any parsing, in constant time.
 */
final class NcsSignature {

    private final byte[] secret;

    NcsSignature(String secret) {
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    boolean configured() {
        return secret != null;
    }

    String sign(byte[] body) {
        return HexFormat.of().formatHex(hmac(body));
    }

    /** False when unconfigured, when the header is missing or not hex, or when it does not match. */
    boolean verify(byte[] body, String headerValue) {
        if (secret == null || headerValue == null) {
            return false;
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(headerValue.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body), claimed);
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
