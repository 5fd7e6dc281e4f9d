package dev.lectern.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** JWTs for tests, signed like a real identity provider would with the test secret (or not). */
public final class Tokens {

    public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";

    private Tokens() {}

    public static String valid(long userId, String name) {
        return sign(userId, name, Instant.now().plus(Duration.ofHours(1)), SECRET);
    }

    public static String expired(long userId) {
        return sign(userId, "Expired", Instant.now().minus(Duration.ofHours(1)), SECRET);
    }

    public static String wronglySigned(long userId) {
        return sign(
                userId,
                "Forger",
                Instant.now().plus(Duration.ofHours(1)),
                "another-secret-another-secret-another-secret");
    }

    public static String sign(long userId, String name, Instant expires, String secret) {
        try {
            var claims = new JWTClaimsSet.Builder()
                    .subject(Long.toString(userId))
                    .claim("name", name)
                    .expirationTime(Date.from(expires))
                    .build();
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
