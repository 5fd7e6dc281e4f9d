package dev.lectern.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/** Signs HS256 tokens for dev login (and for tests), with the same secret the verifier accepts. */
public final class DevTokens {

    static final Duration TTL = Duration.ofHours(12);

    private final MACSigner signer;
    private final Clock clock;

    DevTokens(byte[] secret, Clock clock) {
        try {
            this.signer = new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("HS256 secret rejected", e);
        }
        this.clock = clock;
    }

    public String issue(long userId, String name, String picture) {
        var now = clock.instant();
        var claims = new JWTClaimsSet.Builder()
                .subject(Long.toString(userId))
                .claim("name", name)
                .claim("picture", picture)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TTL)))
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }
}
