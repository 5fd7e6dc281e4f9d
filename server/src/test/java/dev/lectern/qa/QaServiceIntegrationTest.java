package dev.lectern.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.identity.CurrentUser;
import dev.lectern.support.IntegrationTest;
import dev.lectern.system.LecternException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** QaService against the real database: concurrent votes, and the REST list's and export's visibility rules. */
class QaServiceIntegrationTest extends IntegrationTest {

    @Autowired
    QaService qa;

    @Autowired
    JdbcClient jdbc;

    /** A live workshop by {@code host} whose attendees are already in the room (rows written directly: no sockets needed). */
    long liveRoom(User host, List<User> attendees) {
        long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        Instant now = clock.instant();
        for (User u : attendees) {
            jdbc.sql(
                            "INSERT INTO users (id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
                    .params(u.id(), u.name(), dev.lectern.system.Sql.ts(now), dev.lectern.system.Sql.ts(now))
                    .update();
            jdbc.sql(
                            "INSERT INTO workshop_attendees (workshop_id, user_id, status, joined_at, first_joined_at) VALUES (?, ?, 'joined', ?, ?)")
                    .params(id, u.id(), dev.lectern.system.Sql.ts(now), dev.lectern.system.Sql.ts(now))
                    .update();
        }
        return id;
    }

    static CurrentUser me(User u) {
        return new CurrentUser(u.id(), u.name(), null);
    }

    @Test
    void theReportCountsEveryQuestionButCreditsOnlyThoseAskedByName() {
        User host = newUser("Host");
        User named = newUser("Named");
        User shy = newUser("Shy");
        long id = liveRoom(host, List.of(named, shy));
        jdbc.sql("UPDATE workshops SET qa_anonymous = TRUE WHERE id = ?")
                .param(id)
                .update();
        qa.ask(id, me(named), QuestionText.of("First?"), false);
        qa.ask(id, me(named), QuestionText.of("Second?"), false);
        qa.ask(id, me(shy), QuestionText.of("Who asks?"), true);

        JsonNode report =
                api.get("/api/workshops/" + id + "/report", host.token()).json();
        assertThat(report.get("questions").asLong()).isEqualTo(3);
        for (JsonNode a : report.get("attendees")) {
            long expected = a.get("userId").asLong() == named.id() ? 2 : 0;
            assertThat(a.get("questionsAsked").asLong()).as(a.toString()).isEqualTo(expected);
        }
    }

    @Test
    void twoHundredConcurrentVotersLeaveTheExactCount() throws Exception {
        User host = newUser("Host");
        User asker = newUser("Asker");
        List<User> voters = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            voters.add(newUser("V" + i));
        }
        List<User> all = new ArrayList<>(voters);
        all.add(asker);
        long id = liveRoom(host, all);
        long q = qa.ask(id, me(asker), QuestionText.of("Popular?"), false)
                .question()
                .id();

        // everyone at once
        assertThat(concurrently(voters, 1, id, q)).isEqualTo(200);
        assertThat(qa.storedVotes(q)).isEqualTo(200);
        // 100 voters toggle twice at the same time (net nothing) while 50 others take their vote back
        List<User> twice = voters.subList(0, 100);
        List<User> once = voters.subList(100, 150);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (User u : twice) {
            done.add(pool.submit(() -> vote(go, id, u, q)));
            done.add(pool.submit(() -> vote(go, id, u, q)));
        }
        for (User u : once) {
            done.add(pool.submit(() -> vote(go, id, u, q)));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.close();
        int stored = qa.storedVotes(q);
        assertThat(stored).isEqualTo(150);
        assertThat(qa.list(id, host.id(), null, QaService.Sort.TOP)
                        .getFirst()
                        .question()
                        .upvotes())
                .isEqualTo(150);
    }

    private int concurrently(List<User> voters, int times, long id, long q) throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<QaService.Vote>> votes = new ArrayList<>();
        for (User u : voters) {
            votes.add(pool.submit(() -> vote(go, id, u, q)));
        }
        go.countDown();
        int max = 0;
        for (Future<QaService.Vote> f : votes) {
            QaService.Vote v = f.get();
            assertThat(v.upvoted()).isTrue();
            max = Math.max(max, v.upvotes());
        }
        pool.close();
        return max;
    }

    private QaService.Vote vote(CountDownLatch go, long id, User u, long q) throws InterruptedException {
        go.await();
        return qa.upvote(id, u.id(), q);
    }

    @Test
    void theListShowsEachReaderWhatTheyMaySee() {
        User host = newUser("Host");
        User coHost = newUser("Co");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        User stranger = newUser("Stranger");
        long id = liveRoom(host, List.of(coHost, ada, bob));
        jdbc.sql("UPDATE workshop_attendees SET is_co_host = TRUE WHERE workshop_id = ? AND user_id = ?")
                .params(id, coHost.id())
                .update();
        jdbc.sql("UPDATE workshops SET qa_mode = 'moderated' WHERE id = ?")
                .param(id)
                .update();

        long first =
                qa.ask(id, me(ada), QuestionText.of("first"), false).question().id();
        clock.advance(Duration.ofSeconds(1));
        long second =
                qa.ask(id, me(bob), QuestionText.of("second"), false).question().id();
        clock.advance(Duration.ofSeconds(1));
        long adaPending = qa.ask(id, me(ada), QuestionText.of("ada pending"), false)
                .question()
                .id();
        clock.advance(Duration.ofSeconds(1));
        long bobPending = qa.ask(id, me(bob), QuestionText.of("bob pending"), false)
                .question()
                .id();
        long gone = qa.ask(id, me(bob), QuestionText.of("=HYPERLINK(\"x\"), \"quoted\""), false)
                .question()
                .id();
        qa.publish(id, host.id(), first);
        qa.publish(id, coHost.id(), second);
        qa.answer(id, host.id(), first, AnswerText.of("yes"));
        qa.dismiss(id, host.id(), gone);
        qa.upvote(id, ada.id(), second);

        // top: upvotes descending, then oldest first
        JsonNode adaView = api.get("/api/workshops/" + id + "/questions", ada.token())
                .json()
                .get("items");
        assertThat(ids(adaView)).containsExactly(second, first, adaPending);
        assertThat(adaView.get(0).get("upvotedByMe").asBoolean()).isTrue();
        assertThat(adaView.get(1).get("upvotedByMe").asBoolean()).isFalse();
        assertThat(adaView.get(1).get("answer").get("text").asString()).isEqualTo("yes");
        assertThat(adaView.get(0).has("offsetMs")).isTrue();
        assertThat(ids(api.get("/api/workshops/" + id + "/questions?sort=recent", bob.token())
                        .json()
                        .get("items")))
                .containsExactly(bobPending, second, first);
        assertThat(ids(api.get("/api/workshops/" + id + "/questions?sort=recent", host.token())
                        .json()
                        .get("items")))
                .containsExactlyInAnyOrder(gone, bobPending, adaPending, second, first);
        assertThat(ids(api.get("/api/workshops/" + id + "/questions?status=pending", coHost.token())
                        .json()
                        .get("items")))
                .containsExactly(adaPending, bobPending);
        assertThat(ids(api.get("/api/workshops/" + id + "/questions?status=dismissed", ada.token())
                        .json()
                        .get("items")))
                .isEmpty();
        assertThat(ids(api.get("/api/workshops/" + id + "/questions?status=pending,answered", ada.token())
                        .json()
                        .get("items")))
                .containsExactly(first, adaPending);

        assertThat(api.get("/api/workshops/" + id + "/questions?sort=best", ada.token())
                        .code())
                .isEqualTo("invalid_payload");
        assertThat(api.get("/api/workshops/" + id + "/questions?status=open", ada.token())
                        .code())
                .isEqualTo("invalid_payload");
        assertThat(api.get("/api/workshops/" + id + "/questions", stranger.token())
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/workshops/999999999/questions", ada.token()).status())
                .isEqualTo(404);
        assertThat(api.get("/api/workshops/" + id + "/questions", null).status())
                .isEqualTo(401);

        // the export: moderators only, every question, formulas defused, quotes doubled
        assertThat(api.get("/api/workshops/" + id + "/questions.csv", ada.token())
                        .status())
                .isEqualTo(403);
        var csv = api.get("/api/workshops/" + id + "/questions.csv", coHost.token());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo(QuestionsCsv.HEADER);
        assertThat(lines).hasSize(6);
        assertThat(csv.body())
                .contains("\"'=HYPERLINK(\"\"x\"\"), \"\"quoted\"\"\"")
                .contains(",dismissed,");
        assertThat(qa.questionCount(id)).isEqualTo(5);
        assertThat(qa.questionsAskedByName(id)).containsEntry(ada.id(), 2).containsEntry(bob.id(), 3);
    }

    @Test
    void aPanelistModeratesAndARemovedOneDoesNot() {
        User host = newUser("Host");
        User pan = newUser("Pan");
        User ada = newUser("Ada");
        long id = liveRoom(host, List.of(pan, ada));
        jdbc.sql("UPDATE workshops SET qa_mode = 'moderated' WHERE id = ?")
                .param(id)
                .update();
        long q = qa.ask(id, me(ada), QuestionText.of("hm"), false).question().id();
        assertThatThrownBy(() -> qa.publish(id, pan.id(), q)).isInstanceOf(LecternException.Forbidden.class);
        jdbc.sql("UPDATE workshop_attendees SET is_panelist = TRUE WHERE workshop_id = ? AND user_id = ?")
                .params(id, pan.id())
                .update();
        assertThat(qa.publish(id, pan.id(), q).question().status()).isEqualTo(QuestionStatus.PUBLISHED);
        jdbc.sql("UPDATE workshop_attendees SET status = 'removed' WHERE workshop_id = ? AND user_id = ?")
                .params(id, pan.id())
                .update();
        assertThatThrownBy(() -> qa.dismiss(id, pan.id(), q)).isInstanceOf(LecternException.Banned.class);
    }

    private static List<Long> ids(JsonNode items) {
        List<Long> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asLong()));
        return ids;
    }
}
