package dev.lectern.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/workshops/{id}/chat}: members only, oldest first, keyset pages, bad cursors refused. */
class ChatHistoryIntegrationTest extends IntegrationTest {

    @Autowired
    ChatRepository chat;

    @Test
    void membersPageThroughTheChatOldestFirst() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        User member = newUser("Member");
        assertThat(api.post("/api/workshops/" + id + "/rsvp", member.token(), null)
                        .status())
                .isEqualTo(200);
        Instant now = clock.instant();
        long first = chat.insert(id, host.id(), "one", 0, now);
        long second = chat.insert(id, member.id(), "two", 10, now.plusSeconds(1));
        long third = chat.insert(id, host.id(), "three", 20, now.plusSeconds(2));

        JsonNode page = ok(api.get("/api/workshops/" + id + "/chat?limit=2", member.token()))
                .get("items");
        assertThat(List.of(page.get(0).get("id").asLong(), page.get(1).get("id").asLong()))
                .containsExactly(first, second);
        assertThat(page.get(0).get("message").asString()).isEqualTo("one");
        assertThat(page.get(1).get("userId").asLong()).isEqualTo(member.id());
        assertThat(page.get(1).get("displayName").asString()).isEqualTo("Member");

        JsonNode rest = ok(api.get("/api/workshops/" + id + "/chat?afterId=" + second, host.token()))
                .get("items");
        assertThat(rest).hasSize(1);
        assertThat(rest.get(0).get("id").asLong()).isEqualTo(third);
    }

    @Test
    void outsidersAndBadQueriesAreRefused() {
        User host = newUser("Host");
        long open = createWorkshop(host, false, null);
        long hidden = createWorkshop(host, true, null);
        chat.insert(hidden, host.id(), "secret", 0, clock.instant());
        User stranger = newUser("Stranger");

        assertProblem(api.get("/api/workshops/" + open + "/chat", stranger.token()), 403, "forbidden");
        Api.Response secret = api.get("/api/workshops/" + hidden + "/chat", stranger.token());
        assertProblem(secret, 404, "not_found"); // a private workshop is not even admitted to exist
        assertThat(secret.body()).doesNotContain("secret");
        assertThat(api.get("/api/workshops/" + open + "/chat", null).status()).isEqualTo(401);
        for (String query : List.of("?limit=0", "?limit=501", "?afterId=-1", "?afterId=x", "?limit=1e3")) {
            assertProblem(api.get("/api/workshops/" + open + "/chat" + query, host.token()), 400, "invalid_payload");
        }
        assertProblem(api.get("/api/workshops/0/chat", host.token()), 400, "invalid_payload");
    }

    private static void assertProblem(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
