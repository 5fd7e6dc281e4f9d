package dev.lectern.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Notifications: stored with the caller's transaction, deduplicated, each user's own, read once. */
class NotificationIntegrationTest extends IntegrationTest {

    @Autowired
    NotificationService notifications;

    @Autowired
    TransactionTemplate tx;

    @Test
    void aDedupeKeyNotifiesEachUserOnceAndARollbackNotifiesNobody() {
        User a = newUser("A");
        User b = newUser("B");
        ok(api.get("/api/notifications", a.token())); // a notification needs its user's row
        ok(api.get("/api/notifications", b.token()));
        String key = "test-" + a.id();
        assertThat(notifications.notify(List.of(a.id(), b.id()), "workshop_cancelled", Map.of("workshopId", 5), key))
                .hasSize(2);
        assertThat(notifications.notify(List.of(a.id(), b.id()), "workshop_cancelled", Map.of("workshopId", 5), key))
                .isEmpty();
        assertThat(notifications.list(a.id(), false, 50)).hasSize(1);

        tx.executeWithoutResult(status -> {
            notifications.notify(List.of(a.id()), "rolled_back", Map.of(), null);
            status.setRollbackOnly();
        });
        assertThat(notifications.list(a.id(), false, 50))
                .extracting(Notification::type)
                .containsExactly("workshop_cancelled");
    }

    @Test
    void eachUserSeesAndReadsOnlyTheirOwn() throws InterruptedException {
        User a = newUser("A");
        User b = newUser("B");
        // the REST calls record the users; the list is newest first
        ok(api.get("/api/notifications", a.token()));
        long older = notifications
                .notify(List.of(a.id()), "t1", Map.of("n", 1), null)
                .getFirst()
                .id();
        long newer = notifications
                .notify(List.of(a.id()), "t2", Map.of("n", "two"), null)
                .getFirst()
                .id();

        JsonNode list = ok(api.get("/api/notifications", a.token())).get("items");
        assertThat(List.of(list.get(0).get("id").asLong(), list.get(1).get("id").asLong()))
                .containsExactly(newer, older);
        assertThat(list.get(0).get("payload").get("n").asString()).isEqualTo("two");
        assertThat(ok(api.get("/api/notifications", b.token())).get("items")).isEmpty();

        // someone else's notification does not exist for you, and reading it marks nothing
        assertProblem(api.post("/api/notifications/" + older + "/read", b.token(), null), 404, "not_found");
        JsonNode read = ok(api.post("/api/notifications/" + older + "/read", a.token(), null));
        assertThat(read.get("readAt").isNull()).isFalse();
        Thread.sleep(20); // the context's clock is shared by every test class: real time moving on is enough here
        JsonNode again = ok(api.post("/api/notifications/" + older + "/read", a.token(), null));
        assertThat(again.get("readAt").asString())
                .isEqualTo(read.get("readAt").asString()); // read once, not re-stamped

        JsonNode unread =
                ok(api.get("/api/notifications?unread=true", a.token())).get("items");
        assertThat(unread).hasSize(1);
        assertThat(unread.get(0).get("id").asLong()).isEqualTo(newer);
    }

    @Test
    void hostileQueriesAreBadRequestsNotErrors() {
        User a = newUser("A");
        for (String query : List.of("?limit=0", "?limit=201", "?limit=-1", "?limit=x", "?unread=maybe")) {
            assertProblem(api.get("/api/notifications" + query, a.token()), 400, "invalid_payload");
        }
        for (String id : List.of("0", "-1", "x", "99999999999999999999")) {
            assertProblem(api.post("/api/notifications/" + id + "/read", a.token(), null), 400, "invalid_payload");
        }
        assertProblem(api.post("/api/notifications/" + Long.MAX_VALUE + "/read", a.token(), null), 404, "not_found");
        assertThat(api.get("/api/notifications", null).status()).isEqualTo(401);
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
