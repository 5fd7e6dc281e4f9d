package dev.lectern.rtc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Agora's AccessToken2 ("007") format, byte-compatible with {@code io.agora.media.AccessToken2}:
 * {@code "007" + Base64(zlib(bytes(signature) | signingInfo))}, where the signature is an HMAC-SHA256
 * keyed by a salt- and time-bound derivative of the app certificate. See reference/agora.md §1.
 */
public final class AccessToken2 {

    static final String VERSION = "007";
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    // A real token is a few hundred characters; a hostile one should cost us nothing to refuse.
    private static final int MAX_TOKEN_CHARS = 4096;
    private static final long MAX_U32 = 0xFFFF_FFFFL;

    private AccessToken2() {}

    /** @param expire token lifetime in seconds relative to {@code issueTs}, as Agora defines it */
    static String build(
            String appId, String appCertificate, long issueTs, long expire, int salt, List<TokenService> services) {
        requireHex32(appId, "appId");
        requireHex32(appCertificate, "appCertificate");
        Objects.requireNonNull(services, "services == null");
        if (issueTs < 0 || issueTs > MAX_U32 || expire < 0 || expire > MAX_U32) {
            throw new IllegalArgumentException("issueTs and expire must fit unsigned 32-bit fields");
        }
        byte[] signingInfo = signingInfo(appId, issueTs, expire, salt, services);
        byte[] signature = sign(appCertificate, issueTs, salt, signingInfo);
        byte[] content = new ByteWriter().bytes(signature).raw(signingInfo).toByteArray();
        return VERSION + Base64.getEncoder().encodeToString(TokenCompression.deflate(content));
    }

    /** Decodes a token without checking its signature; see {@link ParsedToken#verify(String)}. */
    public static ParsedToken parse(String token) {
        Objects.requireNonNull(token, "token == null");
        if (token.length() > MAX_TOKEN_CHARS || !token.startsWith(VERSION)) {
            throw new IllegalArgumentException(
                    "not an AccessToken2: expected \"007\" and at most " + MAX_TOKEN_CHARS + " characters");
        }
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(token.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed AccessToken2: invalid Base64", e);
        }
        ByteReader content = new ByteReader(TokenCompression.inflate(compressed));
        byte[] signature = content.bytes();
        if (signature.length != 32) {
            throw new IllegalArgumentException(
                    "malformed AccessToken2: signature is " + signature.length + " bytes, expected 32");
        }
        return TokenCodec.read(signature, content.rest());
    }

    static byte[] signingInfo(String appId, long issueTs, long expire, int salt, List<TokenService> services) {
        List<TokenService> sorted = new ArrayList<>(services);
        sorted.sort(Comparator.comparingInt(TokenService::type));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).type() == sorted.get(i - 1).type()) {
                throw new IllegalArgumentException(
                        "service type " + sorted.get(i).type() + " appears twice");
            }
        }
        ByteWriter out = new ByteWriter()
                .string(appId)
                .u32(issueTs)
                .u32(expire)
                .u32(salt)
                .u16(sorted.size());
        sorted.forEach(service -> TokenCodec.write(out, service));
        return out.toByteArray();
    }

    /** The certificate enters as its 32 ASCII characters, not hex-decoded: that is what Agora's servers expect. */
    static byte[] signingKey(String appCertificate, long issueTs, int salt) {
        byte[] k1 = hmac(ByteWriter.u32le(issueTs), appCertificate.getBytes(StandardCharsets.US_ASCII));
        return hmac(ByteWriter.u32le(salt), k1);
    }

    static byte[] sign(String appCertificate, long issueTs, int salt, byte[] signingInfo) {
        return hmac(signingKey(appCertificate, issueTs, salt), signingInfo);
    }

    static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    /** Unlike Agora's builder, which silently returns "", a bad credential fails loudly here. */
    static void requireHex32(String value, String name) {
        if (value == null || !HEX32.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 32 hexadecimal characters");
        }
    }
}
