package dev.lectern.support;

import dev.lectern.signaling.SocketServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base for tests against the whole server on a free port and the real PostgreSQL. Every test JVM
 * migrates its own schema, so runs never see each other's rows; tests make fresh users and workshops
 * rather than assuming an empty database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(IntegrationTest.Clocks.class)
public abstract class IntegrationTest {

    /** t_&lt;epoch seconds&gt;_&lt;random&gt;: scripts/test.sh drops only old ones, never those of a run still going. */
    public static final String SCHEMA = "t_" + System.currentTimeMillis() / 1000 + "_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    private static final AtomicLong NEXT_USER =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 3_000_000_000L));

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = System.getProperty("lectern.test.db-url", "jdbc:postgresql://127.0.0.1:5432/test");
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> System.getProperty("lectern.test.db-user", "postgres"));
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected SocketServer socketServer;

    protected Api api;

    @BeforeEach
    void connectApi() {
        api = new Api(port);
    }

    /** A user id nobody else in this run has. */
    protected static long newUserId() {
        return NEXT_USER.incrementAndGet();
    }

    /** A fresh user, with a valid token. */
    protected static User newUser(String name) {
        long id = newUserId();
        return new User(id, name, Tokens.valid(id, name));
    }

    /** Creates a workshop through the API and returns its id. */
    protected long createWorkshop(User host, boolean isPrivate, Integer maxAttendees) {
        return createWorkshop(host, isPrivate, maxAttendees, clock.instant().plus(Duration.ofHours(2)));
    }

    protected long createWorkshop(User host, boolean isPrivate, Integer maxAttendees, Instant start) {
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("title", "Workshop by " + host.name());
        body.put("description", "A test workshop");
        body.put("scheduledStart", start.toString());
        body.put("durationMinutes", 60);
        body.put("isPrivate", isPrivate);
        body.put("maxAttendees", maxAttendees);
        var response = api.post("/api/workshops", host.token(), Api.json(body));
        if (response.status() != 201) {
            throw new AssertionError("create failed: " + response);
        }
        return response.json().get("id").asLong();
    }

    /** The Socket.IO server's base URL (its port is picked freely in tests; read it after every restart). */
    protected String socketUrl() {
        return "http://127.0.0.1:" + socketServer.port();
    }

    protected Clock clock() {
        return clock;
    }

    public record User(long id, String name, String token) {}
}
