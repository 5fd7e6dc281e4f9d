package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.SocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ChatDurabilityIntegrationTest extends SignalingTest {

    private static final int USERS = 10;
    private static final int MESSAGES_EACH = 20; // the per-user rate limit, so none is refused

    @Autowired
    EventQueues queues;

    @Test
    void everyAcknowledgedMessageSurvivesStoppingTheServerMidBurst() throws Exception {
        User host = newUser("Host");
        List<User> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(newUser("Talker" + i));
        }
        long id = liveWorkshop(host, users.toArray(User[]::new));
        List<SocketClient> clients = users.stream().map(u -> joined(u, id)).toList();

        List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
        for (int i = 0; i < MESSAGES_EACH; i++) {
            for (SocketClient client : clients) {
                acks.add(client.callAsync("workshop:chat", chat(id, "burst " + i)));
            }
        }
        while (acks.stream().filter(CompletableFuture::isDone).count() < acks.size() / 2) {
            Thread.sleep(1);
        }
        socketServer.stop(); // mid-burst: some messages are stored and acked, some in flight, some never read

        awaitQuietQueues();
        Set<Long> acked = new HashSet<>();
        for (CompletableFuture<JsonNode> ack : acks) {
            JsonNode answer = ack.getNow(null);
            if (answer != null && answer.path("ok").asBoolean()) {
                acked.add(answer.get("chat").get("id").asLong());
            }
        }
        socketServer.start();

        assertThat(acked.size()).isGreaterThanOrEqualTo(acks.size() / 2);
        List<Long> stored = jdbc.sql("SELECT id FROM chat_messages WHERE workshop_id = ?")
                .param(id)
                .query(Long.class)
                .list();
        assertThat(stored).containsAll(acked);
        JsonNode history = api.get("/api/workshops/" + id + "/chat?limit=500", host.token())
                .json()
                .get("items");
        assertThat(history.size()).isEqualTo(stored.size());
        // and the restarted server serves again
        assertOk(joined(host, id).call("workshop:chat", chat(id, "after the restart")));
    }

    private void awaitQuietQueues() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (queues.busy() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
