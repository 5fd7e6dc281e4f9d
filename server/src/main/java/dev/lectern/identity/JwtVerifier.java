package dev.lectern.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.lectern.system.LecternException.Unauthorized;
import dev.lectern.system.UserId;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.Key;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies Lectern JWTs: HS256 with the shared secret and/or RS256/ES256 against a JWKS; {@code sub}
 * and {@code exp} required, {@code sub} a decimal {@link UserId} (it doubles as the Agora uid).
 */
public final class JwtVerifier {

    /** The highest user id: {@link UserId#MAX}, kept here because tests and docs name it. */
    public static final long MAX_USER_ID = UserId.MAX;

    private static final int MAX_TOKEN_LENGTH = 8192;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** HS256 only. */
    JwtVerifier(byte[] hmacSecret) {
        this(hmacSecret, null);
    }

    /** @param jwksKeys the JWKS for RS256/ES256 (already {@linkplain JwksKeys#start started}), or null */
    JwtVerifier(byte[] hmacSecret, JwksKeys jwksKeys) {
        JWSKeySelector<SecurityContext> hmac = hmacSecret == null
                ? null
                : new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(hmacSecret));
        JWSKeySelector<SecurityContext> jwks = jwksKeys == null
                ? null
                : new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), jwksKeys);
        processor.setJWSKeySelector((header, context) -> {
            JWSKeySelector<SecurityContext> selector = JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? hmac : jwks;
            return selector == null ? List.<Key>of() : selector.selectJWSKeys(header, context);
        });
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, Set.of("sub", "exp")));
    }

    /** A JWKS fetched in the background from {@code uri}; its first fetch starts now. */
    static JwksKeys jwks(URI uri, Clock clock) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(JwksKeys.FETCH_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new JwksKeys(uri, http, clock).start();
    }

    /**
     * The caller the token names; {@link Unauthorized} when it is missing, malformed, expired or forged.
     * May wait (up to a few seconds) for the JWKS when the token's key is not in memory: for request threads.
     */
    public CurrentUser verify(String token) {
        return verify(token, JwksKeys.Access.MAY_WAIT);
    }

    /**
     * As {@link #verify}, but never waits on the network: for Netty I/O threads. A token whose key is not
     * in memory yet is refused, and the JWKS is fetched in the background for the client's next try.
     */
    public CurrentUser verifyWithoutIo(String token) {
        return verify(token, JwksKeys.Access.NO_IO);
    }

    private CurrentUser verify(String token, JwksKeys.Access access) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw new Unauthorized("a valid token is required");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, access);
        } catch (Exception e) {
            throw new Unauthorized("invalid or expired token");
        }
        return new CurrentUser(userId(claims.getSubject()), displayName(claims), picture(claims));
    }

    private static long userId(String sub) {
        if (sub == null || !sub.matches("[1-9][0-9]{0,9}")) {
            throw new Unauthorized("the token's sub must be a user id");
        }
        return UserId.parse(sub)
                .orElseThrow(() -> new Unauthorized("the token's sub must be a user id from 1 to " + UserId.MAX))
                .value();
    }

    private static String displayName(JWTClaimsSet claims) {
        Object name = claims.getClaim("name");
        // control characters (NUL above all, which PostgreSQL cannot store) are dropped, not stored
        String trimmed =
                name instanceof String s ? CONTROL.matcher(s).replaceAll("").strip() : "";
        if (!trimmed.isEmpty()) {
            return trimmed.length() > 200 ? trimmed.substring(0, 200) : trimmed;
        }
        return "User " + claims.getSubject();
    }

    private static String picture(JWTClaimsSet claims) {
        Object picture = claims.getClaim("picture");
        return picture instanceof String s
                        && !s.isBlank()
                        && s.length() <= 2000
                        && !CONTROL.matcher(s).find()
                ? s
                : null;
    }
}
