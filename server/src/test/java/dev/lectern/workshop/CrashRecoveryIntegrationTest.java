package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.cluster.Nodes;
import dev.lectern.support.IntegrationTest;
import dev.lectern.system.Sql;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A node that died (kill -9) left its users {@code joined}: on a single node the next start-up ends their
 * presence at the dead run's last heartbeat, so attendance shows them {@code left} with a presentMs that no
 * longer grows; in a cluster the reaper ends it at the dead node's last heartbeat, not at the reap.
 */
class CrashRecoveryIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Nodes nodes;

    @Autowired
    RoomService rooms;

    @Test
    void aSingleNodesRestartEndsWhatTheCrashLeftOpenAtTheLastHeartbeat() throws Exception {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = createWorkshop(host, false, null);
        assertThat(api.post("/api/workshops/" + id + "/rsvp", ada.token(), null).status())
                .isEqualTo(200);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        // on the database's clock, which stamps the heartbeat: the shared test clock may run ahead of it
        Instant joinedAt = jdbc.sql("SELECT CURRENT_TIMESTAMP")
                .query(java.time.OffsetDateTime.class)
                .single()
                .toInstant()
                .minus(Duration.ofSeconds(90));
        Instant lastHeartbeat = joinedAt.plus(Duration.ofSeconds(60));

        // the crashed run: Ada joined 90 s ago, and the node's last beat was 30 s ago
        nodes.stop();
        jdbc.sql(
                        "UPDATE workshop_attendees SET status = 'joined', joined_at = ?, first_joined_at = ? WHERE workshop_id = ? AND user_id = ?")
                .params(Sql.ts(joinedAt), Sql.ts(joinedAt), id, ada.id())
                .update();
        jdbc.sql("UPDATE signaling_nodes SET seen_at = ? WHERE node_id = 'single'")
                .param(Sql.ts(lastHeartbeat))
                .update();
        assertThat(line(id, host, ada).get("presentMs").asLong())
                .as("before the restart it counts on")
                .isGreaterThanOrEqualTo(90_000);

        nodes.start(); // what a start-up after the crash runs before the Socket.IO server opens

        JsonNode line = line(id, host, ada);
        assertThat(line.get("status").asString()).isEqualTo("left");
        assertThat(Instant.parse(line.get("lastLeftAt").asString())).isEqualTo(lastHeartbeat);
        assertThat(line.get("presentMs").asLong()).isEqualTo(60_000);
        clock.advance(Duration.ofSeconds(30));
        assertThat(line(id, host, ada).get("presentMs").asLong())
                .as("no longer growing")
                .isEqualTo(60_000);
        // and the heartbeat goes on for the next crash
        Instant seen = jdbc.sql("SELECT seen_at FROM signaling_nodes WHERE node_id = 'single'")
                .query(java.time.OffsetDateTime.class)
                .single()
                .toInstant();
        assertThat(seen).isAfter(lastHeartbeat);
    }

    @Test
    void aReapedUsersSessionEndsAtTheDeadNodesLastHeartbeat() {
        User host = newUser("Host");
        User bob = newUser("Bob");
        long id = createWorkshop(host, false, null);
        assertThat(api.post("/api/workshops/" + id + "/rsvp", bob.token(), null).status())
                .isEqualTo(200);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        Instant joinedAt = Sql.now(clock).minus(Duration.ofSeconds(40));
        jdbc.sql(
                        "UPDATE workshop_attendees SET status = 'joined', joined_at = ?, first_joined_at = ? WHERE workshop_id = ? AND user_id = ?")
                .params(Sql.ts(joinedAt), Sql.ts(joinedAt), id, bob.id())
                .update();

        rooms.leave(id, bob.id(), joinedAt.plus(Duration.ofSeconds(25)));

        JsonNode line = line(id, host, bob);
        assertThat(line.get("status").asString()).isEqualTo("left");
        assertThat(line.get("presentMs").asLong()).isEqualTo(25_000);
    }

    private JsonNode line(long id, User host, User user) {
        var r = api.get("/api/workshops/" + id + "/attendance", host.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode l : r.json().get("items")) {
            if (l.get("userId").asLong() == user.id()) {
                return l;
            }
        }
        throw new AssertionError("no attendance line for " + user + ": " + r);
    }
}
