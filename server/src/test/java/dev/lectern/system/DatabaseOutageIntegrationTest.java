package dev.lectern.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.signaling.SocketServer;
import dev.lectern.support.Api;
import dev.lectern.support.CuttableTcpProxy;
import dev.lectern.support.IntegrationTest;
import dev.lectern.support.SocketClient;
import dev.lectern.support.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL going away and coming back, through a TCP proxy the test cuts (the machine's PostgreSQL is
 * shared and never stopped): REST answers 503 problem+json {@code unavailable} with Retry-After, never
 * 500; socket acks answer {@code unavailable}; /actuator/health is 503 DOWN; and once the proxy is
 * restored everything works again without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DatabaseOutageIntegrationTest {

    private static final CuttableTcpProxy PROXY = CuttableTcpProxy.to("127.0.0.1", 5432);
    // its own schema: Flyway migrates it through the proxy like everything else
    private static final String SCHEMA = IntegrationTest.SCHEMA + "_outage";
    private static final AtomicLong NEXT_USER =
            new AtomicLong(ThreadLocalRandom.current().nextLong(3_100_000_000L, 3_200_000_000L));

    /** IntegrationTest's database settings, with the server's connections routed through the proxy. */
    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        String url = System.getProperty("lectern.test.db-url", "jdbc:postgresql://127.0.0.1:5432/test")
                .replace("127.0.0.1:5432", "127.0.0.1:" + PROXY.port());
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> System.getProperty("lectern.test.db-user", "postgres"));
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
        // fail a request after 2 s without a connection, not the default 10 s
        registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
    }

    @LocalServerPort
    int port;

    @Autowired
    SocketServer socketServer;

    private Api api;

    @BeforeEach
    void connectApi() {
        api = new Api(port);
    }

    private static User newUser(String name) {
        long id = NEXT_USER.incrementAndGet();
        return new User(id, name, Tokens.valid(id, name));
    }

    record User(long id, String name, String token) {}

    @Value("${spring.datasource.url}")
    String datasourceUrl;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void restore() {
        PROXY.restore();
    }

    @Test
    void anOutageIs503UnavailableAndTheServerRecoversByItself() throws Exception {
        assertThat(datasourceUrl)
                .as("the server talks to PostgreSQL through the proxy")
                .contains(":" + PROXY.port() + "/");
        User host = newUser("Host");
        User ada = newUser("Ada");
        Api.Response created = api.post(
                "/api/workshops",
                host.token(),
                Api.json(Map.of(
                        "title",
                        "Outage",
                        "scheduledStart",
                        Instant.now().plus(Duration.ofMinutes(5)).toString(),
                        "durationMinutes",
                        30)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(api.post("/api/workshops/" + id + "/rsvp", ada.token(), null).status())
                .isEqualTo(200);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        try (SocketClient socket = SocketClient.connect("http://127.0.0.1:" + socketServer.port(), ada.token())) {
            assertThat(socket.call("workshop:join", Map.of("workshopId", id))
                            .path("ok")
                            .asBoolean())
                    .isTrue();

            PROXY.cut();

            for (int i = 0; i < 3; i++) {
                assertUnavailable(send("GET", "/api/workshops/" + id, host.token(), null));
                assertUnavailable(send("GET", "/api/workshops/" + id + "/chat", ada.token(), null));
                assertUnavailable(send(
                        "POST",
                        "/api/workshops",
                        host.token(),
                        Api.json(Map.of(
                                "title",
                                "t",
                                "scheduledStart",
                                Instant.now().plus(Duration.ofHours(1)).toString(),
                                "durationMinutes",
                                30))));
                assertUnavailable(send(
                        "POST", "/api/workshops/" + id + "/rsvp", newUser("Bob").token(), null));
            }
            HttpResponse<String> health = send("GET", "/actuator/health", null, null);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"");
            JsonNode ack = socket.call("workshop:raise-hand", Map.of("workshopId", id));
            assertThat(ack.path("ok").asBoolean(true)).as(ack.toString()).isFalse();
            assertThat(ack.path("error").path("code").asString())
                    .as(ack.toString())
                    .isEqualTo("unavailable");
            assertThat(socket.connected()).as("the socket stays up").isTrue();

            PROXY.restore();

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            HttpResponse<String> back;
            do {
                Thread.sleep(200);
                back = send("GET", "/api/workshops/" + id, host.token(), null);
                assertThat(back.statusCode()).as(back.body()).isIn(200, 503);
            } while (back.statusCode() != 200 && System.nanoTime() < deadline);
            assertThat(back.statusCode()).as("recovered without a restart").isEqualTo(200);
            assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
            assertThat(send(
                                    "POST",
                                    "/api/workshops/" + id + "/rsvp",
                                    newUser("Cy").token(),
                                    null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(socket.call("workshop:raise-hand", Map.of("workshopId", id))
                            .path("ok")
                            .asBoolean())
                    .isTrue();
        }
    }

    private static void assertUnavailable(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.headers().firstValue("Retry-After"))
                .hasValue(Integer.toString(DatabaseFaults.RETRY_AFTER_SECONDS));
        assertThat(r.body()).contains("\"code\":\"unavailable\"");
    }

    private HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
