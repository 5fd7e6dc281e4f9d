package dev.lectern.identity;

import dev.lectern.system.ConfigurationProblem;
import dev.lectern.system.Deployment;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Decides, once at start-up, how callers are authenticated. Production refuses to start without a
 * real key; development makes a throw-away HS256 secret and prints it so tokens can be minted by hand.
 */
@Configuration(proxyBeanMethods = false)
class IdentityConfig {

    private static final Logger log = LoggerFactory.getLogger(IdentityConfig.class);
    private static final int MIN_SECRET_BYTES = 32;

    @Bean
    Keys identityKeys(IdentitySettings settings, Deployment deployment) {
        String secret = blankToNull(settings.jwtSecret());
        URL jwks = jwksUrl(blankToNull(settings.jwksUri()));
        boolean devLogin = settings.devLogin() != null ? settings.devLogin() : deployment.embedded();
        requireKeys(secret, settings.jwksUri(), deployment.embedded());
        if (secret == null && (deployment.embedded() || devLogin)) {
            secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
            log.warn("Development mode: no LECTERN_JWT_SECRET set, using a throw-away secret for this run: {}", secret);
        }
        if (devLogin && !deployment.embedded()) {
            log.warn("LECTERN_DEV_LOGIN is on outside the embedded default: anyone can log in as anyone");
        }
        return new Keys(secret == null ? null : secret.getBytes(StandardCharsets.UTF_8), jwks, devLogin);
    }

    @Bean
    JwtVerifier jwtVerifier(Keys keys, Clock clock) {
        return new JwtVerifier(
                keys.hmacSecret(), keys.jwks() == null ? null : JwtVerifier.jwks(toUri(keys.jwks()), clock));
    }

    @Bean
    DevLogin devLogin(Keys keys, Clock clock) {
        boolean usable = keys.devLogin() && keys.hmacSecret() != null;
        return new DevLogin(usable, usable ? new DevTokens(keys.hmacSecret(), clock) : null);
    }

    /**
     * The start-up rule for keys, also run by {@link EarlyIdentityCheck} before any bean exists, so a
     * missing secret is reported before the database is even contacted.
     */
    static void requireKeys(String secret, String jwksUri, boolean embedded) {
        secret = blankToNull(secret);
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new ConfigurationProblem(
                    "LECTERN_JWT_SECRET is shorter than 32 bytes",
                    "Set LECTERN_JWT_SECRET to a random value of at least 32 bytes (for example: openssl rand -hex 32).");
        }
        if (secret == null && blankToNull(jwksUri) == null && !embedded) {
            throw new ConfigurationProblem(
                    "no JWT key configured for production (LECTERN_JWT_SECRET or LECTERN_JWT_JWKS_URI)",
                    "Set LECTERN_JWT_SECRET (at least 32 bytes) or LECTERN_JWT_JWKS_URI.");
        }
    }

    private static URL jwksUrl(String uri) {
        if (uri == null) {
            return null;
        }
        try {
            return URI.create(uri).toURL();
        } catch (IllegalArgumentException | java.net.MalformedURLException e) {
            throw new ConfigurationProblem(
                    "LECTERN_JWT_JWKS_URI is not a URL: " + uri, "Set it to the JWKS endpoint's https:// URL.");
        }
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new ConfigurationProblem(
                    "LECTERN_JWT_JWKS_URI is not a URI: " + url, "Set it to the JWKS endpoint's https:// URL.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @SuppressWarnings(
            "ArrayRecordComponent") // never compared or hashed; the array is the key material as the verifier takes it
    record Keys(byte[] hmacSecret, URL jwks, boolean devLogin) {}

    /** Whether {@code POST /api/dev/login} exists, and the signer it uses. */
    record DevLogin(boolean enabled, DevTokens tokens) {}
}
