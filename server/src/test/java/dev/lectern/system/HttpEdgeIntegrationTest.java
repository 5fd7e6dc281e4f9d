package dev.lectern.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import dev.lectern.support.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CONTRACT §8 on the HTTP port, as a hostile client sees it: security headers everywhere, no Server header,
 * CORS that echoes only allowed origins and refuses others as problem+json, /error and unknown paths as
 * 404, a JWT over 8 KB as 401, Lectern's reserved user ids refused, cookies HttpOnly/SameSite/Secure, and
 * the Prometheus endpoint for loopback only. 127.0.0.1 is a trusted proxy here, so the test can speak as a
 * remote client behind it with X-Forwarded-For.
 */
@TestPropertySource(properties = "lectern.http.trusted-proxies=127.0.0.1")
class HttpEdgeIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyResponseCarriesTheSecurityHeadersAndNoServerHeader() throws Exception {
        User ada = newUser("Ada");
        for (HttpResponse<String> r : List.of(
                get("/api/client-config"),
                get("/api/workshops"),
                get("/"),
                get("/api/workshops/1", "Authorization", "Bearer " + ada.token()),
                get("/actuator/health"),
                get("/api/nope", "Authorization", "Bearer " + ada.token()))) {
            String where = r.uri() + " → " + r.statusCode();
            assertThat(r.headers().firstValue("X-Content-Type-Options"))
                    .as(where)
                    .hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(where).hasValue("no-referrer");
            assertThat(r.headers().firstValue("Server")).as(where).isEmpty();
            String csp = r.headers()
                    .firstValue("Content-Security-Policy")
                    .orElseThrow(() -> new AssertionError("no CSP: " + where));
            assertThat(csp)
                    .contains("frame-ancestors 'none'")
                    .contains("object-src 'none'")
                    .contains("base-uri 'none'");
            String scriptSrc = directive(csp, "script-src");
            assertThat(scriptSrc).as("no inline or eval'd script").isEqualTo("script-src 'self'");
            String connect = directive(csp, "connect-src");
            assertThat(connect)
                    .contains("'self'")
                    .contains("ws://127.0.0.1:" + socketServer.port())
                    .contains("http://127.0.0.1:" + socketServer.port())
                    .contains("wss://*.agora.io")
                    .contains("https://*.sd-rtn.com");
        }
    }

    @Test
    void aHostileHostHeaderCannotWriteIntoThePolicy() throws Exception {
        // Host is restricted in java.net.http; a raw socket sends what a hostile client would
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write(("GET /api/client-config HTTP/1.1\r\nHost: evil.example;script-src *\r\n"
                                    + "Connection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer =
                    new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(answer).doesNotContain("script-src *").doesNotContain("evil.example;");
        }
    }

    @Test
    void corsEchoesOnlyAllowedOriginsAndRefusesOthersAsProblemJson() throws Exception {
        HttpResponse<String> allowed = get("/api/client-config", "Origin", "http://localhost:8080");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:8080");

        HttpResponse<String> preflight = send(HttpRequest.newBuilder(uri("/api/workshops"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST"));
        assertForbiddenProblem(preflight);
        HttpResponse<String> simple = get("/api/client-config", "Origin", "https://evil.example");
        assertForbiddenProblem(simple);
        assertForbiddenProblem(get("/api/client-config", "Origin", "null"));
        assertForbiddenProblem(get("/api/client-config", "Origin", "http://localhost:8080.evil.example"));

        // the served page's own requests carry its (same) origin and pass
        HttpResponse<String> same = get("/api/client-config", "Origin", "http://127.0.0.1:" + port);
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.headers().firstValue("Access-Control-Allow-Origin").orElse(""))
                .isNotEqualTo("*");
    }

    @Test
    void errorAndUnknownPathsAre404ProblemJson() throws Exception {
        User ada = newUser("Ada");
        for (String path : List.of("/error", "/api/nope", "/api/workshops/1/nope", "/actuator/nope")) {
            HttpResponse<String> r = get(path, "Authorization", "Bearer " + ada.token());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse(""))
                    .as(path)
                    .startsWith("application/problem+json");
            assertThat(JSON.readTree(r.body()).path("code").asString()).as(path).isEqualTo("not_found");
        }
    }

    @Test
    void aJwtOver8KbIs401AndHeadersUpTo16KbAreRead() throws Exception {
        String huge = Tokens.valid(newUserId(), "x".repeat(7_000));
        assertThat(huge.length()).isGreaterThan(8 * 1024);
        HttpResponse<String> r = get("/api/workshops", "Authorization", "Bearer " + huge);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).path("code").asString()).isEqualTo("unauthorized");

        User ada = newUser("Ada");
        HttpResponse<String> padded =
                get("/api/workshops", "Authorization", "Bearer " + ada.token(), "X-Pad", "p".repeat(14_000));
        assertThat(padded.statusCode()).isEqualTo(200);
    }

    @Test
    void reservedUserIdsAreRefusedEverywhere() {
        for (long reserved : List.of(4_294_967_280L, 4_294_967_290L, 4_294_967_295L)) {
            Api.Response asSub = api.get("/api/workshops", Tokens.valid(reserved, "Bot"));
            assertThat(asSub.status()).as("sub %d", reserved).isEqualTo(401);
            assertThat(asSub.code()).isEqualTo("unauthorized");

            Api.Response login = api.post("/api/dev/login", null, Api.json(Map.of("userId", reserved, "name", "Bot")));
            assertThat(login.status()).as("dev login %d", reserved).isEqualTo(400);
            assertThat(login.code()).isEqualTo("invalid_payload");

            User host = newUser("Host");
            long id = createWorkshop(host, true, null);
            Api.Response invite = api.post(
                    "/api/workshops/" + id + "/invites", host.token(), Api.json(Map.of("userIds", List.of(reserved))));
            assertThat(invite.status()).as("invite %d", reserved).isEqualTo(400);
            assertThat(invite.code()).isEqualTo("invalid_payload");
        }
        assertThat(api.get("/api/workshops", Tokens.valid(4_294_967_279L, "Last"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void cookiesAreHttpOnlyLaxAndSecureBehindATlsProxy() throws Exception {
        String body = Api.json(Map.of("userId", newUserId(), "name", "Ada"));
        HttpResponse<String> plain = post("/api/dev/login", body);
        String cookie = plain.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");

        HttpResponse<String> tls = post("/api/dev/login", body, "X-Forwarded-Proto", "https");
        assertThat(tls.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly")
                .contains("SameSite=Lax")
                .contains("Secure");
    }

    @Test
    void prometheusIsForLoopbackCallersOnly() throws Exception {
        HttpResponse<String> local = get("/actuator/prometheus");
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.body()).contains("jvm_");

        // through the trusted proxy on 127.0.0.1, from a remote client
        for (String forwarded : List.of("203.0.113.9", "127.0.0.1, 203.0.113.9", "::1, 2001:db8::7")) {
            HttpResponse<String> remote = get("/actuator/prometheus", "X-Forwarded-For", forwarded);
            assertForbiddenProblem(remote);
            assertThat(remote.body()).doesNotContain("jvm_");
        }
        assertThat(get("/actuator/prometheus", "X-Forwarded-For", "127.0.0.1").statusCode())
                .as("a local client via the proxy")
                .isEqualTo(200);
        assertForbiddenProblem(get("/actuator/prometheus/", "X-Forwarded-For", "203.0.113.9"));
    }

    static String directive(String csp, String name) {
        for (String d : csp.split(";")) {
            if (d.strip().startsWith(name + " ")) {
                return d.strip();
            }
        }
        throw new AssertionError("no " + name + " in " + csp);
    }

    private static void assertForbiddenProblem(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("code").asString()).isEqualTo("forbidden");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
