package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.qa.QaService;
import dev.lectern.support.SocketClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The qa:* events end to end with the real client: acks, who receives what, and hostile payloads. */
class QaIntegrationTest extends SignalingTest {

    @Autowired
    QaService qa;

    void qaSettings(long workshopId, String mode, boolean anonymous) {
        jdbc.sql("UPDATE workshops SET qa_mode = ?, qa_anonymous = ? WHERE id = ?")
                .params(mode, anonymous, workshopId)
                .update();
    }

    static Map<String, Object> ask(long workshopId, Object text) {
        Map<String, Object> p = payload(workshopId);
        p.put("text", text);
        return p;
    }

    static Map<String, Object> askAnonymously(long workshopId, String text) {
        Map<String, Object> p = ask(workshopId, text);
        p.put("anonymous", true);
        return p;
    }

    static Map<String, Object> question(long workshopId, Object questionId) {
        Map<String, Object> p = payload(workshopId);
        p.put("questionId", questionId);
        return p;
    }

    static Map<String, Object> answer(long workshopId, long questionId, Object text, Object live) {
        Map<String, Object> p = question(workshopId, questionId);
        if (text != null) {
            p.put("text", text);
        }
        if (live != null) {
            p.put("live", live);
        }
        return p;
    }

    static long idOf(JsonNode ack) {
        assertOk(ack);
        return ack.get("question").get("id").asLong();
    }

    @Test
    void openQuestionsReachTheRoomAndUpvotesToggle() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = liveWorkshop(host, ada, bob);
        SocketClient h = joined(host, id);
        SocketClient a = joined(ada, id);
        SocketClient b = joined(bob, id);

        JsonNode ack = a.call("qa:ask", ask(id, "  What is a monad?  "));
        long q = idOf(ack);
        JsonNode asked = ack.get("question");
        assertThat(asked.get("status").asString()).isEqualTo("published");
        assertThat(asked.get("text").asString()).isEqualTo("What is a monad?");
        assertThat(asked.get("userId").asLong()).isEqualTo(ada.id());
        assertThat(asked.get("displayName").asString()).isEqualTo("Ada");
        assertThat(asked.get("anonymous").asBoolean()).isFalse();
        assertThat(asked.get("upvotes").asInt()).isZero();
        assertThat(asked.get("answer").isNull()).isTrue();
        assertThat(asked.has("offset_ms")).isTrue();
        assertThat(asked.get("workshopId").asLong()).isEqualTo(id);
        for (SocketClient c : List.of(h, a, b)) {
            assertThat(c.next("qa:question").get("question").get("id").asLong()).isEqualTo(q);
        }

        JsonNode vote = b.call("qa:upvote", question(id, q));
        assertOk(vote);
        assertThat(vote.get("upvotes").asInt()).isEqualTo(1);
        assertThat(vote.get("upvoted").asBoolean()).isTrue();
        assertThat(h.next("qa:updated").get("question").get("upvotes").asInt()).isEqualTo(1);
        assertRefused(a.call("qa:upvote", question(id, q)), "forbidden"); // one's own
        JsonNode again = b.call("qa:upvote", question(id, q));
        assertThat(again.get("upvotes").asInt()).isZero();
        assertThat(again.get("upvoted").asBoolean()).isFalse();
        // the second change comes after the interval, with the database's count
        assertThat(h.next("qa:updated").get("question").get("upvotes").asInt()).isZero();
        assertThat(qa.storedVotes(q)).isZero();
    }

    @Test
    void moderatedQuestionsReachOnlyModeratorsAndTheAskerUntilPublished() {
        User host = newUser("Host");
        User panelist = newUser("Pan");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = liveWorkshop(host, panelist, ada, bob);
        qaSettings(id, "moderated", false);
        jdbc.sql("UPDATE workshop_attendees SET is_panelist = TRUE WHERE workshop_id = ? AND user_id = ?")
                .params(id, panelist.id())
                .update();
        SocketClient h = joined(host, id);
        SocketClient p = joined(panelist, id);
        SocketClient a = joined(ada, id);
        SocketClient b = joined(bob, id);

        JsonNode ack = a.call("qa:ask", ask(id, "Pending one"));
        long q = idOf(ack);
        assertThat(ack.get("question").get("status").asString()).isEqualTo("pending");
        assertThat(h.next("qa:question").get("question").get("status").asString())
                .isEqualTo("pending");
        assertThat(p.next("qa:question").get("question").get("id").asLong()).isEqualTo(q);
        assertThat(a.next("qa:question").get("question").get("id").asLong()).isEqualTo(q);
        assertThat(b.receives("qa:question", QUIET)).isFalse();

        assertRefused(b.call("qa:upvote", question(id, q)), "invalid_state");
        assertRefused(b.call("qa:publish", question(id, q)), "forbidden");
        assertRefused(a.call("qa:publish", question(id, q)), "forbidden");

        JsonNode published = p.call("qa:publish", question(id, q)); // a panelist moderates
        assertOk(published);
        assertThat(published.get("question").get("status").asString()).isEqualTo("published");
        for (SocketClient c : List.of(h, p, a, b)) {
            assertThat(c.next("qa:updated").get("question").get("status").asString())
                    .isEqualTo("published");
        }
        assertRefused(p.call("qa:publish", question(id, q)), "invalid_state"); // a repeat

        JsonNode written = h.call("qa:answer", answer(id, q, " Read the docs ", null));
        assertOk(written);
        JsonNode ans = b.next("qa:updated").get("question");
        assertThat(ans.get("status").asString()).isEqualTo("answered");
        assertThat(ans.get("answer").get("text").asString()).isEqualTo("Read the docs");
        assertThat(ans.get("answer").get("live").asBoolean()).isFalse();
        assertThat(ans.get("answer").get("userId").asLong()).isEqualTo(host.id());
        assertThat(ans.get("answer").get("displayName").asString()).isEqualTo("Host");
        assertThat(ans.get("answer").get("answeredAt").asString()).isNotBlank();

        assertOk(h.call("qa:answer", answer(id, q, null, true))); // replaces the written one
        JsonNode live = b.next("qa:updated").get("question").get("answer");
        assertThat(live.get("live").asBoolean()).isTrue();
        assertThat(live.get("text").isNull()).isTrue();

        assertOk(h.call("qa:reopen", question(id, q)));
        JsonNode reopened = b.next("qa:updated").get("question");
        assertThat(reopened.get("status").asString()).isEqualTo("published");
        assertThat(reopened.get("answer").isNull()).isTrue();
        assertRefused(h.call("qa:reopen", question(id, q)), "invalid_state");

        assertOk(h.call("qa:dismiss", question(id, q)));
        // attendees who saw it must drop it, so the dismissal reaches them
        assertThat(b.next("qa:updated").get("question").get("status").asString())
                .isEqualTo("dismissed");
        assertRefused(h.call("qa:dismiss", question(id, q)), "invalid_state");
        assertRefused(h.call("qa:answer", answer(id, q, "late", null)), "invalid_state");

        // a pending question dismissed was never public: only moderators and its asker hear of it
        h.drain("qa:updated"); // the host heard every change to q above
        a.drain("qa:updated");
        long q2 = idOf(a.call("qa:ask", ask(id, "Never shown")));
        h.next("qa:question");
        assertOk(p.call("qa:dismiss", question(id, q2)));
        assertThat(h.next("qa:updated").get("question").get("status").asString())
                .isEqualTo("dismissed");
        assertThat(a.next("qa:updated").get("question").get("id").asLong()).isEqualTo(q2);
        assertThat(b.receives("qa:updated", QUIET)).isFalse();
        assertThat(b.drain("qa:question")).isEmpty();
    }

    @Test
    void anonymousQuestionsHideTheAuthorFromEveryoneModeratorsIncluded() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = liveWorkshop(host, ada, bob);
        SocketClient h = joined(host, id);
        SocketClient a = joined(ada, id);
        SocketClient b = joined(bob, id);

        long before = qa.questionCount(id);
        assertRefused(a.call("qa:ask", askAnonymously(id, "Not allowed yet")), "invalid_payload");
        assertThat(qa.questionCount(id)).isEqualTo(before); // nothing half-written

        qaSettings(id, "moderated", true);
        JsonNode ack = a.call("qa:ask", askAnonymously(id, "Who am I?"));
        long q = idOf(ack);
        assertThat(ack.get("question").get("userId").isNull()).isTrue();
        assertThat(ack.get("question").get("displayName").isNull()).isTrue();
        assertThat(ack.get("question").get("anonymous").asBoolean()).isTrue();
        JsonNode seen = h.next("qa:question").get("question");
        assertThat(seen.get("userId").isNull()).isTrue();
        assertThat(seen.get("displayName").isNull()).isTrue();
        assertThat(seen.toString()).doesNotContain("Ada").doesNotContain(String.valueOf(ada.id()));
        assertThat(a.next("qa:question").get("question").get("id").asLong()).isEqualTo(q); // the asker sees it pending

        assertOk(h.call("qa:publish", question(id, q)));
        h.next("qa:updated"); // the publish, which the moderator hears too
        JsonNode pub = b.next("qa:updated").get("question");
        assertThat(pub.get("userId").isNull()).isTrue();
        assertThat(pub.get("displayName").isNull()).isTrue();
        // the server still knows the author: they cannot upvote their own anonymous question
        assertRefused(a.call("qa:upvote", question(id, q)), "forbidden");
        assertOk(b.call("qa:upvote", question(id, q)));
        JsonNode voted = h.next("qa:updated").get("question");
        assertThat(voted.get("upvotes").asInt()).isEqualTo(1);
        assertThat(voted.get("userId").isNull()).isTrue();

        var list = api.get("/api/workshops/" + id + "/questions", host.token());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").get(0).get("userId").isNull()).isTrue();
        assertThat(list.body()).doesNotContain("\"Ada\"");
        var csv = api.get("/api/workshops/" + id + "/questions.csv", host.token());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).contains("Who am I?").doesNotContain("Ada").doesNotContain(String.valueOf(ada.id()));
        assertThat(qa.questionsAskedByName(id)).doesNotContainKey(ada.id());
    }

    @Test
    void hostilePayloadsAreRefusedWithTheirCodesAndTheSocketStays() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User stranger = newUser("Stranger");
        long id = liveWorkshop(host, ada);
        long other = liveWorkshop(host, ada);
        SocketClient h = joined(host, id);
        SocketClient a = joined(ada, id);
        long q = idOf(a.call("qa:ask", ask(id, "Fine")));
        long foreign = idOf(joined(host, other).call("qa:ask", ask(other, "Elsewhere")));
        h.drain("qa:question");

        assertRefused(a.call("qa:ask", ask(id, 5)), "invalid_payload");
        assertRefused(a.call("qa:ask", ask(id, "   ")), "invalid_payload");
        assertRefused(a.call("qa:ask", ask(id, "x".repeat(501))), "invalid_payload");
        assertRefused(a.call("qa:ask", ask(id, "x".repeat(100_000))), "invalid_payload");
        assertRefused(a.call("qa:ask", payload(id)), "invalid_payload");
        Map<String, Object> badAnon = ask(id, "hi");
        badAnon.put("anonymous", "yes");
        assertRefused(a.call("qa:ask", badAnon), "invalid_payload");
        assertRefused(a.call("qa:ask", List.of(1, 2)), "invalid_payload");
        assertRefused(a.call("qa:upvote", question(id, "1")), "invalid_payload");
        assertRefused(a.call("qa:upvote", question(id, 1.5)), "invalid_payload");
        assertRefused(a.call("qa:upvote", question(id, -3)), "invalid_payload");
        assertRefused(a.call("qa:upvote", payload(id)), "invalid_payload");
        assertRefused(a.call("qa:upvote", question(id, Long.MAX_VALUE)), "invalid_payload");
        assertRefused(h.call("qa:answer", answer(id, q, "both", true)), "invalid_payload");
        assertRefused(h.call("qa:answer", answer(id, q, null, null)), "invalid_payload");
        assertRefused(h.call("qa:answer", answer(id, q, null, false)), "invalid_payload");
        assertRefused(h.call("qa:answer", answer(id, q, "y".repeat(2001), null)), "invalid_payload");
        assertRefused(h.call("qa:answer", answer(id, q, 7, null)), "invalid_payload");
        assertRefused(h.call("qa:answer", answer(id, q, "ok", "true")), "invalid_payload");

        assertRefused(h.call("qa:publish", question(id, 9_000_000_000L)), "not_found");
        assertRefused(a.call("qa:upvote", question(id, 9_000_000_000L)), "not_found");
        assertRefused(h.call("qa:dismiss", question(id, foreign)), "not_found"); // another workshop's question
        assertRefused(a.call("qa:upvote", question(id, foreign)), "not_found");
        assertRefused(connect(stranger).call("qa:ask", ask(id, "hello")), "forbidden");
        assertRefused(connect(ada).call("qa:ask", ask(other, "not joined there")), "invalid_state");

        qaSettings(id, "off", false);
        assertRefused(a.call("qa:ask", ask(id, "off now")), "invalid_state");

        // without a callback the refusal arrives as workshop:error
        a.send("qa:ask", ask(id, 42));
        JsonNode error = a.next("workshop:error");
        assertThat(error.get("event").asString()).isEqualTo("qa:ask");
        assertThat(error.get("code").asString()).isEqualTo("invalid_payload");
        assertThat(a.connected()).isTrue();
        assertThat(h.connected()).isTrue();
        assertThat(a.drain("qa:question")).hasSize(1); // only the one valid question
    }

    @Test
    void fiveQuestionsAMinuteAndRefusedAsksDoNotCount() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient a = joined(ada, id);
        assertRefused(a.call("qa:ask", askAnonymously(id, "refused: not anonymous here")), "invalid_payload");
        for (int i = 0; i < QaService.ASKS_PER_MINUTE; i++) {
            assertOk(a.call("qa:ask", ask(id, "question " + i)));
        }
        assertRefused(a.call("qa:ask", ask(id, "one too many")), "rate_limited");
        assertThat(qa.questionCount(id)).isEqualTo(QaService.ASKS_PER_MINUTE);
        clock.advance(Duration.ofSeconds(61));
        assertOk(a.call("qa:ask", ask(id, "a minute later")));
        assertThat(qa.questionsAskedByName(id)).containsEntry(ada.id(), QaService.ASKS_PER_MINUTE + 1);
    }

    @Test
    void votesAreAnnouncedAtMostOnceASecondWithTheStoredCount() throws Exception {
        User host = newUser("Host");
        User ada = newUser("Ada");
        List<User> voters = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            voters.add(newUser("Voter" + i));
        }
        long id = liveWorkshop(host, ada);
        for (User v : voters) {
            rsvp(id, v);
        }
        SocketClient h = joined(host, id);
        SocketClient a = joined(ada, id);
        List<SocketClient> clients = new ArrayList<>();
        for (User v : voters) {
            clients.add(joined(v, id));
        }
        long q = idOf(a.call("qa:ask", ask(id, "Popular")));
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        h.onEvent("qa:updated", e -> arrivals.add(System.nanoTime()));

        // two waves, each voter toggling within the same instant: 15 votes, then 5 of them taken back
        List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
        for (SocketClient c : clients) {
            acks.add(c.callAsync("qa:upvote", question(id, q)));
        }
        for (var f : acks) {
            assertOk(f.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
        acks.clear();
        for (SocketClient c : clients.subList(0, 5)) {
            acks.add(c.callAsync("qa:upvote", question(id, q)));
        }
        for (var f : acks) {
            assertOk(f.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
        JsonNode last = null;
        while (true) {
            JsonNode next = h.next("qa:updated").get("question");
            last = next;
            if (next.get("upvotes").asInt() == 10) {
                break;
            }
        }
        assertThat(h.receives("qa:updated", Duration.ofMillis(1300))).isFalse(); // nothing more once the count settled
        assertThat(last.get("upvotes").asInt()).isEqualTo(qa.storedVotes(q)).isEqualTo(10);
        // 20 votes, yet only a few frames, spaced at least an interval apart (minus timer jitter)
        assertThat(arrivals.size()).isBetween(1, 4);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i) - arrivals.get(i - 1))
                    .isGreaterThan(Duration.ofMillis(900).toNanos());
        }
    }
}
