package dev.lectern.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.lectern.support.MutableClock;
import dev.lectern.system.LecternException.Unauthorized;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RS256/ES256 against a real JWKS endpoint on a local port (the JDK's HTTP server, keys made by nimbus):
 * what verifies, what is refused, and that the socket path never waits on the network.
 */
class JwksVerificationTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicReference<String> served = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile CountDownLatch stall = new CountDownLatch(0);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private HttpServer server;
    private URI uri;
    private RSAKey rsa;

    @BeforeEach
    void serveJwks() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        served.set(new JWKSet(rsa.toPublicJWK()).toString());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            try {
                stall.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(serverThreads);
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    @AfterEach
    void stop() {
        stall.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void rs256AndEs256TokensFromTheJwksVerify() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        served.set(new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
        JwtVerifier verifier = new JwtVerifier(null, JwtVerifier.jwks(uri, clock));

        CurrentUser user = verifier.verify(rs256(rsa, "42", "Ada"));
        assertThat(user).isEqualTo(new CurrentUser(42, "Ada", null));

        SignedJWT es = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims("7", "Grace"));
        es.sign(new ECDSASigner(ec));
        assertThat(verifier.verify(es.serialize()).id()).isEqualTo(7);
        assertThat(verifier.verifyWithoutIo(rs256(rsa, "43", "Bo")).id()).isEqualTo(43);
    }

    @Test
    void forgedExpiredAndDowngradedTokensAreRefused() throws Exception {
        JwtVerifier verifier = new JwtVerifier(null, JwtVerifier.jwks(uri, clock));
        verifier.verify(rs256(rsa, "1", "warm"));

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate(); // same kid, other key
        List<String> attacks = new ArrayList<>();
        attacks.add(rs256(stranger, "42", "Mallory"));
        // the public key as an HMAC secret: the classic RS256 -> HS256 confusion
        SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("42", "Mallory"));
        confused.sign(new MACSigner(pad(rsa.toPublicJWK().toRSAPublicKey().getEncoded())));
        attacks.add(confused.serialize());
        attacks.add(new PlainJWT(claims("42", "Mallory")).serialize()); // alg none
        SignedJWT expired = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
                new JWTClaimsSet.Builder()
                        .subject("42")
                        .expirationTime(new Date(System.currentTimeMillis() - 120_000))
                        .build());
        expired.sign(new RSASSASigner(rsa));
        attacks.add(expired.serialize());
        attacks.add(rs256(rsa, "4294967280", "recorder")); // a reserved uid
        String good = rs256(rsa, "42", "Ada");
        attacks.add(good.substring(0, good.length() - 4) + "AAAA"); // signature tampered
        for (String attack : attacks) {
            assertThatThrownBy(() -> verifier.verify(attack)).as(attack).isInstanceOf(Unauthorized.class);
            assertThatThrownBy(() -> verifier.verifyWithoutIo(attack))
                    .as(attack)
                    .isInstanceOf(Unauthorized.class);
        }
    }

    @Test
    void theSocketPathNeverWaitsForTheJwks() throws Exception {
        stall = new CountDownLatch(1); // the identity provider hangs
        JwtVerifier verifier = new JwtVerifier(null, JwtVerifier.jwks(uri, clock));
        String token = rs256(rsa, "42", "Ada");

        long started = System.nanoTime();
        assertThatThrownBy(() -> verifier.verifyWithoutIo(token)).isInstanceOf(Unauthorized.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));

        stall.countDown(); // the fetch started at construction completes
        assertThat(eventually(() -> verifier.verifyWithoutIo(token))).isEqualTo(42);
        assertThat(fetches.get()).isEqualTo(1); // the refusal joined the fetch under way, it did not start another
    }

    @Test
    void aRotatedKeyIsFetchedInTheBackgroundAndMissesAreRateLimited() throws Exception {
        JwtVerifier verifier = new JwtVerifier(null, JwtVerifier.jwks(uri, clock));
        verifier.verify(rs256(rsa, "1", "warm"));
        int before = fetches.get();

        RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        served.set(new JWKSet(List.<JWK>of(rsa.toPublicJWK(), rotated.toPublicJWK())).toString());
        clock.advance(JwksKeys.MIN_INTERVAL); // past the rate limit of the warm-up fetch
        String token = rs256(rotated, "9", "Rot");
        // the first try on the socket path is refused (the key is not here yet) and starts the fetch
        assertThatThrownBy(() -> verifier.verifyWithoutIo(token)).isInstanceOf(Unauthorized.class);
        assertThat(eventually(() -> verifier.verifyWithoutIo(token))).isEqualTo(9);
        assertThat(fetches.get()).isEqualTo(before + 1);

        // a flood of unknown kids (forged tokens) costs no fetch within the interval
        int afterRotation = fetches.get();
        RSAKey forged = new RSAKeyGenerator(2048).keyID("forged").generate();
        for (int i = 0; i < 50; i++) {
            String attack = rs256(forged, "5", "x");
            assertThatThrownBy(() -> verifier.verifyWithoutIo(attack)).isInstanceOf(Unauthorized.class);
            assertThatThrownBy(() -> verifier.verify(attack)).isInstanceOf(Unauthorized.class);
        }
        Thread.sleep(300);
        assertThat(fetches.get() - afterRotation).isLessThanOrEqualTo(1);
    }

    @Test
    void aBrokenJwksEndpointRefusesTokensWithoutThrowingAnythingElse() throws Exception {
        for (String body :
                new String[] {"not json", "{\"keys\": 7}", "[]", "{}", "x".repeat(JwksKeys.MAX_BYTES + 10)}) {
            served.set(body);
            JwtVerifier verifier = new JwtVerifier(null, JwtVerifier.jwks(uri, clock));
            assertThatThrownBy(() -> verifier.verify(rs256(rsa, "42", "Ada")))
                    .as(body.substring(0, Math.min(20, body.length())))
                    .isInstanceOf(Unauthorized.class);
        }
        served.set(new JWKSet(rsa.toPublicJWK()).toString());
        status.set(500);
        JwtVerifier failing = new JwtVerifier(null, JwtVerifier.jwks(uri, clock));
        assertThatThrownBy(() -> failing.verify(rs256(rsa, "42", "Ada"))).isInstanceOf(Unauthorized.class);
    }

    @Test
    void aStaleSetKeepsServingWhileItIsRefreshed() throws Exception {
        JwtVerifier verifier = new JwtVerifier(null, JwtVerifier.jwks(uri, clock));
        String token = rs256(rsa, "42", "Ada");
        verifier.verify(token);
        int before = fetches.get();
        stall = new CountDownLatch(1); // the refresh will hang
        clock.advance(JwksKeys.TTL.plusSeconds(1));
        long started = System.nanoTime();
        assertThat(verifier.verifyWithoutIo(token).id()).isEqualTo(42);
        assertThat(verifier.verify(token).id()).isEqualTo(42);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        Thread.sleep(200);
        assertThat(fetches.get()).isEqualTo(before + 1);
    }

    private static long eventually(Supplier<CurrentUser> attempt) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return attempt.get().id();
            } catch (Unauthorized e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private static String rs256(RSAKey key, String sub, String name) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims(sub, name));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(String sub, String name) {
        return new JWTClaimsSet.Builder()
                .subject(sub)
                .claim("name", name)
                .expirationTime(new Date(System.currentTimeMillis() + 600_000))
                .build();
    }

    private static byte[] pad(byte[] secret) {
        return secret.length >= 32 ? secret : Arrays.copyOf(secret, 32);
    }
}
