package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.SocketClient;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Chat messages that queue up in a busy room are stored by one commit, yet each is still checked,
 * refused, broadcast and acked on its own, in arrival order, and never ahead of an event that came
 * before it in its lane; a moderator's event overtakes the attendees' lane.
 */
class ChatBatchIntegrationTest extends SignalingTest {

    @Autowired
    EventQueues queues;

    @Autowired
    MeterRegistry meters;

    @Test
    void queuedMessagesShareACommitButAreJudgedOneByOneInArrivalOrder() throws Exception {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        User cy = newUser("Cy");
        long id = liveWorkshop(host, ada, bob, cy);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);
        SocketClient bobClient = joined(bob, id);
        SocketClient cyClient = connect(cy); // a member, but not in the room
        SocketClient strangerClient = connect(newUser("Stranger"));
        DistributionSummary perCommit = meters.summary("lectern.chat.commit.messages");
        long commitsBefore = perCommit.count();
        double storedBefore = perCommit.totalAmount();

        // the room is busy: everything below waits in its queue, in this order
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        queues.submit(id, () -> {
            holding.countDown();
            awaitQuietly(hold);
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<JsonNode>> adaAcks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            adaAcks.add(queued(id, adaClient, "workshop:chat", chat(id, "ada " + i)));
        }
        CompletableFuture<JsonNode> bobBefore = queued(id, bobClient, "workshop:chat", chat(id, "bob before"));
        CompletableFuture<JsonNode> notInRoom = queued(id, cyClient, "workshop:chat", chat(id, "cy outside"));
        CompletableFuture<JsonNode> stranger = queued(id, strangerClient, "workshop:chat", chat(id, "who am I"));
        CompletableFuture<JsonNode> hand = queued(id, adaClient, "workshop:raise-hand", payload(id));
        for (int i = 5; i < 10; i++) {
            adaAcks.add(queued(id, adaClient, "workshop:chat", chat(id, "ada " + i)));
        }
        // the host's event is queued last but takes the priority lane: it runs before all of the above
        CompletableFuture<JsonNode> removal = queued(id, hostClient, "workshop:remove-user", payload(id, bob.id()));
        hold.countDown();

        List<Long> adaIds = new ArrayList<>();
        for (CompletableFuture<JsonNode> ack : adaAcks) {
            JsonNode answer = ack.get(10, TimeUnit.SECONDS);
            assertOk(answer);
            adaIds.add(answer.get("chat").get("id").asLong());
        }
        assertThat(adaIds).isSorted().doesNotHaveDuplicates();
        assertOk(removal.get(10, TimeUnit.SECONDS));
        assertRefused(bobBefore.get(10, TimeUnit.SECONDS), "banned");
        assertRefused(notInRoom.get(10, TimeUnit.SECONDS), "invalid_state");
        assertRefused(stranger.get(10, TimeUnit.SECONDS), "forbidden");
        assertOk(hand.get(10, TimeUnit.SECONDS));

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            seen.add(hostClient.next("workshop:chat-message").get("message").asString());
        }
        assertThat(seen)
                .containsExactly(
                        "ada 0", "ada 1", "ada 2", "ada 3", "ada 4", "ada 5", "ada 6", "ada 7", "ada 8", "ada 9");
        assertThat(hostClient.receives("workshop:chat-message", QUIET)).isFalse();
        List<String> stored = jdbc.sql("SELECT message FROM chat_messages WHERE workshop_id = ? ORDER BY id")
                .param(id)
                .query(String.class)
                .list();
        assertThat(stored).isEqualTo(seen);
        // two commits: the messages before the raised hand (three of them refused), then the five after it
        assertThat(perCommit.count() - commitsBefore).isEqualTo(2);
        assertThat(perCommit.totalAmount() - storedBefore).isEqualTo(10);
    }

    @Test
    void aMessageOnItsOwnIsStoredAndAckedAsBefore() {
        User host = newUser("Host");
        long id = liveWorkshop(host);
        SocketClient hostClient = joined(host, id);
        DistributionSummary perCommit = meters.summary("lectern.chat.commit.messages");
        long commitsBefore = perCommit.count();

        assertOk(hostClient.call("workshop:chat", chat(id, "alone")));

        assertThat(perCommit.count() - commitsBefore).isEqualTo(1);
        assertThat(hostClient.next("workshop:chat-message").get("message").asString())
                .isEqualTo("alone");
    }

    /** Sends, then waits until the server has queued it, so the next send (maybe on another socket) lands behind it. */
    private CompletableFuture<JsonNode> queued(long id, SocketClient client, String event, Object payload)
            throws InterruptedException {
        int before = queues.waiting(id);
        CompletableFuture<JsonNode> ack = client.callAsync(event, payload);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queues.waiting(id) == before && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(queues.waiting(id)).as("queued " + event).isEqualTo(before + 1);
        return ack;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
