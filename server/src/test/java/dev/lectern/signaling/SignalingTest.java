package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.IntegrationTest;
import dev.lectern.support.SocketClient;
import dev.lectern.workshop.Lifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Fixtures for /workshop tests: workshops in each status, members, connected and joined clients. */
abstract class SignalingTest extends IntegrationTest {

    static final Duration QUIET = Duration.ofMillis(300);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Lifecycle lifecycle;

    private final List<SocketClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(SocketClient::close);
        clients.clear();
    }

    /** A public workshop the attendees RSVP'd to, started by the host. */
    long liveWorkshop(User host, User... attendees) {
        long id = scheduledWorkshop(host, attendees);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        return id;
    }

    /** A public workshop starting in 5 minutes, RSVP'd to by the attendees, still {@code scheduled}. */
    long scheduledWorkshop(User host, User... attendees) {
        long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(5)));
        for (User a : attendees) {
            rsvp(id, a);
        }
        return id;
    }

    long lobbyWorkshop(User host, User... attendees) {
        long id = scheduledWorkshop(host, attendees);
        assertThat(lifecycle.openLobbyIfDue(id)).isTrue();
        return id;
    }

    void rsvp(long workshopId, User user) {
        assertThat(api.post("/api/workshops/" + workshopId + "/rsvp", user.token(), null)
                        .status())
                .isEqualTo(200);
    }

    SocketClient connect(User user) {
        SocketClient client = SocketClient.connect(socketUrl(), user.token());
        clients.add(client);
        return client;
    }

    /** Connects and joins; the join's own user-joined and state events are consumed. */
    SocketClient joined(User user, long workshopId) {
        SocketClient client = connect(user);
        assertOk(client.call("workshop:join", payload(workshopId)));
        client.next("workshop:state");
        client.drain("workshop:user-joined");
        return client;
    }

    static Map<String, Object> payload(long workshopId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("workshopId", workshopId);
        return payload;
    }

    static Map<String, Object> payload(long workshopId, long targetUserId) {
        Map<String, Object> payload = payload(workshopId);
        payload.put("targetUserId", targetUserId);
        return payload;
    }

    static Map<String, Object> chat(long workshopId, String message) {
        Map<String, Object> payload = payload(workshopId);
        payload.put("message", message);
        return payload;
    }

    static void assertOk(JsonNode ack) {
        assertThat(ack.path("ok").asBoolean(false)).as(ack.toString()).isTrue();
    }

    static void assertRefused(JsonNode ack, String code) {
        assertThat(ack.path("ok").isBoolean() && !ack.path("ok").asBoolean())
                .as(ack.toString())
                .isTrue();
        assertThat(ack.path("error").path("code").asString()).as(ack.toString()).isEqualTo(code);
        assertThat(ack.path("error").path("message").asString()).isNotBlank();
    }

    String attendeeStatus(long workshopId, User user) {
        return jdbc.sql("SELECT status FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                .params(workshopId, user.id())
                .query(String.class)
                .optional()
                .orElse(null);
    }
}
