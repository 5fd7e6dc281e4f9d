package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.SocketClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The big-room rule (CONTRACT §4 "Big rooms") with the real client, on a limit of 3 present users:
 * what the state lists above and below it, counts instead of arrivals for the audience, moderators
 * still hearing everyone, crossing the limit both ways, and the moderators' {@code /present} list.
 */
class BigRoomIntegrationTest extends SignalingTest {

    private static final int LIMIT = 3;
    private static final Duration FLUSH = PresenceBatches.WINDOW.multipliedBy(3);

    @Autowired
    BigRooms bigRooms;

    private int defaultLimit;

    @BeforeEach
    void smallLimit() {
        defaultLimit = bigRooms.limit();
        bigRooms.limit(LIMIT);
    }

    @AfterEach
    void restoreLimit() {
        bigRooms.limit(defaultLimit);
    }

    @Test
    void aboveTheLimitTheStateListsTheStageOnlyAndCountsEveryone() {
        User host = newUser("Host");
        User[] a = users(5);
        long id = liveWorkshop(host, a);
        joined(host, id);
        SocketClient hand = connect(a[0]);
        JsonNode small = hand.call("workshop:join", payload(id)).get("state");
        assertThat(small.get("presentCount").asInt()).isEqualTo(2);
        assertThat(small.get("fullPresence").asBoolean()).isTrue();
        assertThat(ids(small)).containsExactly(host.id(), a[0].id());
        assertOk(hand.call("workshop:raise-hand", payload(id)));
        joined(a[1], id);
        joined(a[2], id);

        JsonNode big = connect(a[3]).call("workshop:join", payload(id)).get("state");
        assertThat(big.get("presentCount").asInt()).isEqualTo(5);
        assertThat(big.get("fullPresence").asBoolean()).isFalse();
        // the host and the raised hand: not the plain attendees, not even the joiner
        assertThat(ids(big)).containsExactlyInAnyOrder(host.id(), a[0].id());
    }

    @Test
    void theAudienceHearsCountsAtMostOnceASecondWhileModeratorsHearEveryArrival() {
        User host = newUser("Host");
        User[] a = users(7);
        long id = liveWorkshop(host, a);
        SocketClient hostSocket = joined(host, id);
        SocketClient watcher = joined(a[0], id);
        joined(a[1], id);
        joined(a[2], id); // 4 present: the room crossed the limit
        watcher.next("workshop:state"); // the refresh everyone gets at the crossing
        watcher.drain("workshop:user-joined");
        hostSocket.drain("workshop:user-joined");
        hostSocket.drain("workshop:presence");

        long start = System.nanoTime();
        for (int i = 3; i < 7; i++) {
            joined(a[i], id);
        }
        // the count reaches the audience, every arrival the host
        JsonNode last = null;
        List<JsonNode> counts = new ArrayList<>();
        while (last == null || last.get("presentCount").asInt() != 8) {
            last = tree(watcher.nextRaw("workshop:presence", FLUSH));
            counts.add(last);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(counts.size()).isLessThanOrEqualTo((int) Math.ceil(seconds) + 1);
        counts.forEach(c -> assertThat(c.has("joined")).as(c.toString()).isFalse());
        assertThat(watcher.receives("workshop:user-joined", Duration.ofMillis(200)))
                .isFalse();

        Set<Long> heard = new HashSet<>();
        long deadline = System.nanoTime() + FLUSH.toNanos();
        while (heard.size() < 4 && System.nanoTime() < deadline) {
            for (Object o : hostSocket.drain("workshop:user-joined")) {
                heard.add(tree(o).get("userId").asLong());
            }
            for (Object o : hostSocket.drain("workshop:presence")) {
                tree(o).path("joined").forEach(j -> heard.add(j.get("userId").asLong()));
            }
            sleepBriefly();
        }
        assertThat(heard).containsExactlyInAnyOrder(a[3].id(), a[4].id(), a[5].id(), a[6].id());
    }

    @Test
    void crossingTheLimitUpAndDownGivesEveryoneAFreshState() {
        User host = newUser("Host");
        User[] a = users(3);
        long id = liveWorkshop(host, a);
        joined(host, id);
        SocketClient watcher = joined(a[0], id);
        joined(a[1], id);
        SocketClient fourth = joined(a[2], id); // up: 4 > 3

        JsonNode up = watcher.next("workshop:state");
        assertThat(up.get("fullPresence").asBoolean()).isFalse();
        assertThat(up.get("presentCount").asInt()).isEqualTo(4);
        assertThat(ids(up)).containsExactly(host.id());

        fourth.close(); // down: 3 (within a second of the crossing up: it waits for the window)
        JsonNode down = tree(watcher.nextRaw("workshop:state", FLUSH));
        assertThat(down.get("fullPresence").asBoolean()).isTrue();
        assertThat(down.get("presentCount").asInt()).isEqualTo(3);
        assertThat(ids(down)).containsExactlyInAnyOrder(host.id(), a[0].id(), a[1].id());
    }

    @Test
    void moderatorsPageEveryoneWithAStableCursorAndOthersAreRefused() {
        User host = newUser("Host");
        User[] a = users(6);
        long id = liveWorkshop(host, a);
        joined(host, id);
        for (User u : a) {
            joined(u, id);
        }
        Set<Long> expected = new HashSet<>(List.of(host.id()));
        for (User u : a) {
            expected.add(u.id());
        }

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = api.get(
                    "/api/workshops/" + id + "/present?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    host.token());
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(i -> seen.add(i.get("userId").asLong()));
            assertThat(page.json().get("presentCount").asInt()).isEqualTo(pages == 0 ? 7 : 8);
            JsonNode next = page.json().get("nextCursor");
            cursor = next.isNull() ? null : next.asString();
            if (pages == 0) {
                joined(newRsvp(id), id); // someone arrives while the host pages: nobody is repeated or skipped
            }
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).doesNotHaveDuplicates().isSorted().containsAll(expected);

        var search = api.get(
                "/api/workshops/" + id + "/present?q="
                        + a[4].name().substring(7).toUpperCase(),
                host.token());
        assertThat(search.status()).isEqualTo(200);
        List<Long> found = new ArrayList<>();
        search.json().get("items").forEach(i -> found.add(i.get("userId").asLong()));
        assertThat(found).containsExactly(a[4].id());

        assertThat(api.get("/api/workshops/" + id + "/present", a[0].token()).status())
                .isEqualTo(403);
        for (String hostile :
                List.of("abc", b64("p:-5"), b64("x:12"), b64("p:99999999999999999999"), "%00", "a".repeat(41))) {
            var r = api.get("/api/workshops/" + id + "/present?cursor=" + hostile, host.token());
            assertThat(r.status()).as(hostile + " → " + r.body()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("invalid_payload");
        }
        assertThat(api.get("/api/workshops/" + id + "/present?limit=0", host.token())
                        .status())
                .isEqualTo(400);
        assertThat(api.get("/api/workshops/" + id + "/present?limit=201", host.token())
                        .status())
                .isEqualTo(400);
    }

    private User newRsvp(long id) {
        User u = newUser("Late");
        rsvp(id, u);
        return u;
    }

    private User[] users(int n) {
        User[] users = new User[n];
        for (int i = 0; i < n; i++) {
            users[i] = newUser("Member " + i + "-" + newUserId());
        }
        return users;
    }

    private static String b64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode tree(Object o) {
        return SocketClient.tree(o);
    }

    private static List<Long> ids(JsonNode state) {
        List<Long> ids = new ArrayList<>();
        state.get("attendees").forEach(p -> ids.add(p.get("userId").asLong()));
        return ids;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
