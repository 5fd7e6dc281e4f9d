package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.AgoraIntegrationTest;
import dev.lectern.support.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The access policy ({@link Access}) walked over every GET endpoint of a workshop and of what hangs off it,
 * as host, co-host, member, removed user and stranger, on a public and a private live workshop that has
 * a chat message and a video. The table is printed in docs/api.md ("Who may read what"). Besides the
 * status and code, every refusal is checked not to leak the workshop's {@code agoraChannel} or its chat.
 */
class AccessPolicyIntegrationTest extends AgoraIntegrationTest {

    enum Role {
        HOST,
        CO_HOST,
        MEMBER,
        REMOVED,
        STRANGER
    }

    enum Endpoint {
        WORKSHOP,
        LIST,
        CHAT,
        ATTENDANCE,
        TOKEN,
        VIDEOS,
        VIDEO,
        VIDEO_CHAT
    }

    /**
     * A bare status implies its code (403 forbidden, 404 not_found); {@code listed} / {@code hidden}: whether the
     * workshop (LIST) or its video (VIDEOS) is in the caller's list.
     */
    static final String TABLE = """
            # endpoint   visibility  host    co-host  member  removed     stranger
            WORKSHOP     public      200     200      200     403/banned  200
            WORKSHOP     private     200     200      200     403/banned  404
            LIST         public      listed  listed   listed  hidden      listed
            LIST         private     listed  listed   listed  hidden      hidden
            CHAT         public      200     200      200     403/banned  403
            CHAT         private     200     200      200     403/banned  404
            ATTENDANCE   public      200     200      403     403/banned  403
            ATTENDANCE   private     200     200      403     403/banned  404
            TOKEN        public      200     200      200     403/banned  403
            TOKEN        private     200     200      200     403/banned  404
            VIDEOS       public      listed  listed   listed  hidden      listed
            VIDEOS       private     listed  listed   listed  hidden      hidden
            VIDEO        public      200     200      200     403/banned  200
            VIDEO        private     200     200      200     403/banned  404
            VIDEO_CHAT   public      200     200      200     403/banned  403
            VIDEO_CHAT   private     200     200      200     403/banned  404
            """;

    /** One live workshop per visibility, shared by the rows (they only read). */
    private static final Map<Boolean, Fixture> FIXTURES = new ConcurrentHashMap<>();

    record Fixture(long workshopId, String channel, long videoId, String secret, Map<Role, User> users) {}

    @Autowired
    AttendeeRepository attendees;

    @Autowired
    JdbcClient jdbc;

    static Stream<Arguments> rows() {
        List<Arguments> rows = new ArrayList<>();
        for (String line : TABLE.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList()) {
            String[] cells = line.split("\\s+");
            for (Role role : Role.values()) {
                rows.add(Arguments.of(Endpoint.valueOf(cells[0]), cells[1], role, cells[2 + role.ordinal()]));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} of a {1} workshop as {2} → {3}")
    @MethodSource("rows")
    void everyGetEndpointFollowsThePolicy(Endpoint endpoint, String visibility, Role role, String expected) {
        Fixture f = FIXTURES.computeIfAbsent(visibility.equals("private"), this::fixture);
        String token = f.users().get(role).token();
        long id = f.workshopId();
        Api.Response r = switch (endpoint) {
            case WORKSHOP -> api.get("/api/workshops/" + id, token);
            case LIST -> api.get("/api/workshops?status=live&limit=100", token);
            case CHAT -> api.get("/api/workshops/" + id + "/chat", token);
            case ATTENDANCE -> api.get("/api/workshops/" + id + "/attendance", token);
            case TOKEN -> api.get("/api/workshops/" + id + "/token", token);
            case VIDEOS -> api.get("/api/videos?workshopId=" + id, token);
            case VIDEO -> api.get("/api/videos/" + f.videoId(), token);
            case VIDEO_CHAT -> api.get("/api/videos/" + f.videoId() + "/chat", token);
        };

        if (expected.equals("listed") || expected.equals("hidden")) {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            long wanted = endpoint == Endpoint.LIST ? id : f.videoId();
            boolean listed = false;
            for (JsonNode item : r.json().get("items")) {
                listed |= item.get("id").asLong() == wanted;
            }
            assertThat(listed).as("%s lists it: %s", endpoint, r).isEqualTo(expected.equals("listed"));
            if (!listed) {
                assertThat(r.body()).as("no trace of the channel").doesNotContain(f.channel());
            }
            return;
        }
        if (expected.equals("200")) {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            switch (endpoint) {
                case WORKSHOP ->
                    assertThat(r.json().get("agoraChannel").asString()).isEqualTo(f.channel());
                case CHAT, VIDEO_CHAT -> assertThat(r.body()).contains(f.secret());
                case ATTENDANCE -> assertThat(r.json().get("items").isArray()).isTrue();
                case TOKEN -> assertThat(r.json().get("channel").asString()).isEqualTo(f.channel());
                case VIDEO -> assertThat(r.json().get("id").asLong()).isEqualTo(f.videoId());
                default -> throw new AssertionError(endpoint);
            }
            return;
        }
        RightsIntegrationTest.assertProblem(r, expected);
        assertThat(r.body())
                .as("a refusal leaks nothing")
                .doesNotContain(f.channel())
                .doesNotContain(f.secret());
    }

    /** A live workshop with a host, a co-host, a member (RSVP'd, invited first if private), a removed user, a stranger. */
    private Fixture fixture(boolean isPrivate) {
        User host = newUser("Host");
        long id = createWorkshop(host, isPrivate, null);
        Map<Role, User> users = new ConcurrentHashMap<>();
        users.put(Role.HOST, host);
        for (Role role : List.of(Role.CO_HOST, Role.MEMBER, Role.REMOVED)) {
            User u = newUser(role.name());
            if (isPrivate) {
                ok(api.post(
                        "/api/workshops/" + id + "/invites",
                        host.token(),
                        Api.json(Map.of("userIds", List.of(u.id())))));
            }
            ok(api.post("/api/workshops/" + id + "/rsvp", u.token(), null));
            users.put(role, u);
        }
        attendees.setCoHost(id, users.get(Role.CO_HOST).id(), true);
        attendees.remove(id, users.get(Role.REMOVED).id(), clock.instant());
        users.put(Role.STRANGER, newUser("Stranger"));
        ok(api.post("/api/workshops/" + id + "/start", host.token(), null));
        String channel = api.get("/api/workshops/" + id, host.token())
                .json()
                .get("agoraChannel")
                .asString();
        String secret = "secret-" + UUID.randomUUID();
        jdbc.sql(
                        "INSERT INTO chat_messages (workshop_id, user_id, message, offset_ms, created_at) VALUES (?, ?, ?, 0, CURRENT_TIMESTAMP)")
                .params(id, users.get(Role.MEMBER).id(), secret)
                .update();
        jdbc.sql("""
                INSERT INTO videos (workshop_id, host_id, recording_sid, title, url, created_at)
                VALUES (?, ?, ?, 'Recording', 'https://media.example.test/v.m3u8', CURRENT_TIMESTAMP)""").params(id, host.id(), "sid-" + UUID.randomUUID()).update();
        long videoId = jdbc.sql("SELECT id FROM videos WHERE workshop_id = ?")
                .param(id)
                .query(Long.class)
                .single();
        clock.advance(Duration.ofSeconds(1));
        return new Fixture(id, channel, videoId, secret, Map.copyOf(users));
    }

    private static void ok(Api.Response r) {
        assertThat(r.status()).as("setup: %s", r).isBetween(200, 201);
    }
}
