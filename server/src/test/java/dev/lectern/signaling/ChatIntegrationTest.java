package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.SocketClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChatIntegrationTest extends SignalingTest {

    @Test
    void aMessageIsStoredThenBroadcastWithItsOffsetFromTheStart() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);
        clock.advance(Duration.ofSeconds(5));

        JsonNode ack = adaClient.call("workshop:chat", chat(id, "  Hello, room!  "));

        assertOk(ack);
        JsonNode message = hostClient.next("workshop:chat-message");
        assertThat(message.get("id").asLong()).isPositive();
        assertThat(message.get("userId").asLong()).isEqualTo(ada.id());
        assertThat(message.get("displayName").asString()).isEqualTo("Ada");
        assertThat(message.has("avatarUrl")).isTrue();
        assertThat(message.get("message").asString()).isEqualTo("Hello, room!");
        assertThat(message.get("offset_ms").asLong()).isGreaterThanOrEqualTo(5000);
        assertThat(message.get("createdAt").asString()).endsWith("Z");
        assertThat(adaClient.next("workshop:chat-message")).isEqualTo(message);
        assertThat(ack.get("chat")).isEqualTo(message);
        var history =
                api.get("/api/workshops/" + id + "/chat", host.token()).json().get("items");
        assertThat(history.get(history.size() - 1).get("id").asLong())
                .isEqualTo(message.get("id").asLong());
    }

    @Test
    void lobbyMessagesHaveOffsetZero() {
        User host = newUser("Host");
        long id = lobbyWorkshop(host);
        SocketClient hostClient = joined(host, id);
        assertThat(hostClient
                        .call("workshop:chat", chat(id, "soon"))
                        .get("chat")
                        .get("offset_ms")
                        .asLong())
                .isZero();
    }

    @Test
    void emptyTooLongAndMistypedMessagesAreInvalid() {
        User host = newUser("Host");
        long id = liveWorkshop(host);
        SocketClient hostClient = joined(host, id);

        assertRefused(hostClient.call("workshop:chat", chat(id, "   ")), "invalid_payload");
        assertRefused(hostClient.call("workshop:chat", chat(id, "x".repeat(1001))), "invalid_payload");
        assertOk(hostClient.call("workshop:chat", chat(id, " " + "x".repeat(1000) + " ")));
        var numeric = payload(id);
        numeric.put("message", 42);
        assertRefused(hostClient.call("workshop:chat", numeric), "invalid_payload");
        assertRefused(hostClient.call("workshop:chat", payload(id)), "invalid_payload");
    }

    @Test
    void onlyMembersPresentInTheRoomMayChat() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        long scheduled = scheduledWorkshop(host, ada);

        assertRefused(connect(ada).call("workshop:chat", chat(id, "not in yet")), "invalid_state");
        assertRefused(connect(newUser("Stranger")).call("workshop:chat", chat(id, "hi")), "forbidden");
        assertRefused(joined(ada, scheduled).call("workshop:chat", chat(scheduled, "early")), "invalid_state");
        assertRefused(connect(ada).call("workshop:chat", chat(999_999_999_997L, "where")), "not_found");
    }

    @Test
    void chatIsRateLimitedPerUserAndRecoversAfterTheWindow() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);

        for (int i = 0; i < 20; i++) {
            assertOk(adaClient.call("workshop:chat", chat(id, "message " + i)));
        }
        assertRefused(adaClient.call("workshop:chat", chat(id, "one too many")), "rate_limited");
        assertOk(hostClient.call("workshop:chat", chat(id, "the host has their own budget")));

        clock.advance(Duration.ofSeconds(11));
        assertOk(adaClient.call("workshop:chat", chat(id, "after the window")));
    }

    @Test
    void withoutAnAckCallbackAFailureArrivesAsWorkshopErrorToTheCallerAlone() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);

        adaClient.send("workshop:chat", chat(id, ""));
        adaClient.send("workshop:promote-cohost", payload(id, ada.id()));

        JsonNode invalid = adaClient.next("workshop:error");
        assertThat(invalid.get("event").asString()).isEqualTo("workshop:chat");
        assertThat(invalid.get("code").asString()).isEqualTo("invalid_payload");
        assertThat(invalid.get("message").asString()).isNotBlank();
        JsonNode forbidden = adaClient.next("workshop:error");
        assertThat(forbidden.get("event").asString()).isEqualTo("workshop:promote-cohost");
        assertThat(forbidden.get("code").asString()).isEqualTo("forbidden");
        assertThat(hostClient.receives("workshop:error", QUIET)).isFalse();
        // and a success without a callback is simply broadcast
        adaClient.send("workshop:chat", chat(id, "fire and forget"));
        assertThat(hostClient.next("workshop:chat-message").get("message").asString())
                .isEqualTo("fire and forget");
    }
}
