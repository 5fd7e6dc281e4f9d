package dev.lectern.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.lectern.support.IntegrationTest;
import dev.lectern.system.Sql;
import dev.lectern.workshop.WorkshopService;
import dev.lectern.workshop.WorkshopUpdated;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outbound webhooks against two real local receivers and the real database. This class has its own
 * Spring context (the one place where LECTERN_WEBHOOK_URLS is set: the shared context must not send
 * webhooks for every other test); in it the context's own sender is off, and each test runs the
 * senders it needs ({@link #sender}), which is how it kills one between commit and send or races two.
 * Signatures are checked with the Standard Webhooks reference library, not with our own code.
 */
class WebhookDeliveryTest extends IntegrationTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final Receiver A = receiver();
    static final Receiver B = receiver();
    static final Duration WAIT = Duration.ofSeconds(5); // the contract's "within 5 s"
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void webhooks(DynamicPropertyRegistry registry) {
        registry.add("lectern.webhook.urls", () -> A.url() + "," + B.url());
        registry.add("lectern.webhook.secret", () -> SECRET);
        registry.add("lectern.webhook.sender-enabled", () -> "false");
        registry.add("lectern.webhook.timeout", () -> "1s");
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Deliveries deliveries;

    @Autowired
    WebhookWakeUp wakeUp;

    @Autowired
    WebhookSettings settings;

    @Autowired
    WorkshopService workshops;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    private final List<WebhookSender> senders = new ArrayList<>();
    private final Webhook verifier = new Webhook(SECRET);

    @BeforeEach
    void clean() {
        jdbc.sql("DELETE FROM webhook_deliveries").update();
        A.mode(Receiver.Mode.OK);
        B.mode(Receiver.Mode.OK);
        A.drain();
        B.drain();
    }

    @AfterEach
    void stopSenders() {
        senders.forEach(WebhookSender::stop);
        senders.clear();
    }

    @AfterAll
    static void closeReceivers() {
        A.close();
        B.close();
    }

    /** A sender as a node runs it (its own thread, woken by this node's commits, polling as the fallback). */
    WebhookSender sender(SimpleMeterRegistry registry) {
        WebhookSettings on = new WebhookSettings(
                settings.urls(), SECRET, Duration.ofMillis(200), settings.timeout(), settings.retention(), true);
        WebhookSender s = new WebhookSender(deliveries, on, wakeUp, clock, registry);
        senders.add(s);
        s.start();
        return s;
    }

    WebhookSender sender() {
        return sender(new SimpleMeterRegistry());
    }

    @Test
    void everyEventIsSignedPerTheStandardAndCarriesTheContractBody() throws Exception {
        sender();
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = createWorkshop(host, false, null);
        assertThat(api.post("/api/workshops/" + id + "/rsvp", ada.token(), null).status())
                .isEqualTo(200);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/workshops/" + id + "/end", host.token(), null).status())
                .isEqualTo(200);

        // the attempts of one batch run in parallel: collect by type, in whatever order they came
        Map<String, Receiver.Request> atA = new HashMap<>();
        while (atA.size() < 5) {
            Receiver.Request r = A.next(WAIT);
            assertThat(r).as("five messages, got %s", atA.keySet()).isNotNull();
            atA.put(JSON.readTree(r.body()).get("type").asString(), r);
        }
        Map<String, String> idsAtA = new HashMap<>();
        for (String type :
                List.of("workshop.created", "attendee.rsvp", "workshop.live", "workshop.ended", "report.ready")) {
            Receiver.Request r = atA.get(type);
            assertThat(r).as(type).isNotNull();
            verifier.verify(r.body(), r.headers()); // the reference library: throws on a bad signature
            assertThat(r.id()).startsWith("msg_");
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("type").asString()).isEqualTo(type);
            assertThat(Instant.parse(body.get("timestamp").asString())).isNotNull();
            JsonNode data = body.get("data");
            switch (type) {
                case "attendee.rsvp" -> {
                    assertThat(data.get("workshopId").asLong()).isEqualTo(id);
                    assertThat(data.get("userId").asLong()).isEqualTo(ada.id());
                }
                case "report.ready" -> {
                    assertThat(data.get("workshopId").asLong()).isEqualTo(id);
                    assertThat(data.get("endedAt").isNull()).isFalse();
                    assertThat(data.has("attendees")).isTrue();
                    assertThat(data.has("reactionsPerMinute")).isTrue();
                }
                default -> {
                    assertThat(data.get("id").asLong()).isEqualTo(id);
                    assertThat(data.get("status").asString())
                            .isEqualTo(
                                    switch (type) {
                                        case "workshop.created" -> "scheduled";
                                        case "workshop.live" -> "live";
                                        default -> "ended";
                                    });
                }
            }
            idsAtA.put(type, r.id());
        }
        // the other URL gets every message too, under the same id
        Set<String> idsAtB = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Receiver.Request r = B.next(WAIT);
            assertThat(r).isNotNull();
            verifier.verify(r.body(), r.headers());
            idsAtB.add(r.id());
        }
        assertThat(idsAtB).containsExactlyInAnyOrderElementsOf(idsAtA.values());

        // and the reference library refuses what we did not sign
        Receiver.Request any = A.drain().stream().findFirst().orElse(null);
        Receiver.Request sample =
                any != null ? any : new Receiver.Request(idsAtA.get("workshop.live"), "0", "v1,AAAA", "{}", 200);
        assertThatThrownBy(() -> verifier.verify(sample.body() + " ", sample.headers()))
                .isInstanceOf(WebhookVerificationException.class);
        long until = System.nanoTime() + WAIT.toNanos();
        while (undelivered() > 0 && System.nanoTime() < until) {
            Thread.sleep(20); // the outcome is written just after the receiver answered
        }
        assertThat(undelivered()).isZero();
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffUnderTheSameIdWithFreshSignatures() throws Exception {
        A.mode(Receiver.Mode.FAIL);
        sender();
        long id = createWorkshop(newUser("Host"), false, null);
        Receiver.Request first = A.next("workshop.created", WAIT);
        assertThat(first.answered()).isEqualTo(500);
        assertThat(B.next("workshop.created", WAIT).answered())
                .as("B retries on its own, and needs none")
                .isEqualTo(200);
        Row row = awaitAttempts(first.id(), A.url(), 1);
        assertThat(Duration.between(row.attemptEnded(), row.next()))
                .as("the first retry within 15 s")
                .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(15));
        assertThat(A.next(Duration.ofMillis(600)))
                .as("not before it is due (the clock has not moved)")
                .isNull();

        clock.advance(Duration.ofSeconds(5));
        Receiver.Request second = A.next("workshop.created", WAIT);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(Long.parseLong(second.timestamp()))
                .as("each attempt's own time")
                .isGreaterThan(Long.parseLong(first.timestamp()));
        assertThat(second.signature()).isNotEqualTo(first.signature());
        verifier.verify(second.body(), second.headers());
        Row after2 = awaitAttempts(first.id(), A.url(), 2);
        assertThat(Duration.between(after2.attemptEnded(), after2.next()))
                .as("growing")
                .isGreaterThan(Duration.ofSeconds(15));

        A.mode(Receiver.Mode.OK); // it comes back
        clock.advance(Duration.ofSeconds(30));
        Receiver.Request third = A.next("workshop.created", WAIT);
        assertThat(third.id()).isEqualTo(first.id());
        assertThat(third.answered()).isEqualTo(200);
        verifier.verify(third.body(), third.headers());
        awaitState(first.id(), A.url(), "delivered");
        assertThat(id).isPositive();
    }

    @Test
    void aStalledReceiverTimesOutAndIsSentAgainWhenItComesBack() throws Exception {
        A.mode(Receiver.Mode.STALL);
        sender();
        createWorkshop(newUser("Host"), false, null);
        Receiver.Request b = B.next("workshop.created", WAIT);
        assertThat(b.answered()).as("a stalled URL holds up no other").isEqualTo(200);
        Row row = awaitAttempts(b.id(), A.url(), 1);
        assertThat(row.error()).startsWith("timeout");
        A.mode(Receiver.Mode.OK);
        A.drain(); // the stalled one, answered after the sender gave up
        clock.advance(Duration.ofSeconds(5));
        Receiver.Request again = A.next("workshop.created", WAIT);
        assertThat(again.id()).isEqualTo(b.id());
        awaitState(b.id(), A.url(), "delivered");
    }

    @Test
    void pastTheRetentionAMessageIsDroppedCountedAndReplayable() throws Exception {
        A.mode(Receiver.Mode.FAIL);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        sender(registry);
        createWorkshop(newUser("Host"), false, null);
        String id = A.next("workshop.created", WAIT).id();
        awaitAttempts(id, A.url(), 1);
        // 24 h of failures, shortened: the row's retention ends before its next attempt
        jdbc.sql("UPDATE webhook_deliveries SET expires_at = ? WHERE message_id = ? AND url = ?")
                .params(Sql.ts(Sql.now(clock).plusSeconds(1)), id, A.url())
                .update();
        clock.advance(Duration.ofSeconds(5));
        awaitState(id, A.url(), "dropped");
        assertThat(registry.get("lectern.webhooks.failed").counter().count()).isEqualTo(1.0);
        assertThat(awaitPending(registry, 0)).isZero();

        // the replay of docs/webhooks.md
        A.mode(Receiver.Mode.OK);
        A.drain();
        int replayed = jdbc.sql("""
                UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, expires_at = ?
                WHERE state = 'dropped' AND message_id = ?""")
                .params(Sql.ts(Sql.now(clock)), Sql.ts(Sql.now(clock).plus(Duration.ofHours(24))), id)
                .update();
        assertThat(replayed).isEqualTo(1);
        Receiver.Request r = A.next("workshop.created", WAIT);
        assertThat(r.id()).isEqualTo(id);
        verifier.verify(r.body(), r.headers());
        awaitState(id, A.url(), "delivered");
    }

    @Test
    void aNodeKilledBetweenCommitAndSendLosesNothing() throws Exception {
        // no sender runs: the node that committed these died before sending
        long w1 = createWorkshop(newUser("Host"), false, null);
        // a second node claimed them and died mid-attempt (it holds the lease, sends nothing)
        List<Deliveries.Delivery> claimed =
                deliveries.claim(Sql.now(clock), Sql.now(clock).plusSeconds(30), 50);
        assertThat(claimed).hasSize(2); // one per URL
        long w2 = createWorkshop(newUser("Host"), false, null); // committed, never claimed
        assertThat(A.next(Duration.ofMillis(300))).isNull();

        sender(); // the next node
        JsonNode sent = JSON.readTree(A.next("workshop.created", WAIT).body());
        assertThat(sent.get("data").get("id").asLong())
                .as("the unclaimed row at once")
                .isEqualTo(w2);
        assertThat(A.next(Duration.ofMillis(600)))
                .as("the leased one waits for its lease")
                .isNull();
        clock.advance(Duration.ofSeconds(31));
        JsonNode late = JSON.readTree(A.next("workshop.created", WAIT).body());
        assertThat(late.get("data").get("id").asLong()).isEqualTo(w1);
        assertThat(A.next(Duration.ofMillis(300))).as("once").isNull();
    }

    @Test
    void twoSendersRacingDeliverEachMessageOncePerUrl() throws Exception {
        int n = 30;
        for (int i = 0; i < n; i++) {
            createWorkshop(newUser("Host" + i), false, null);
        }
        sender();
        sender();
        Map<String, Integer> perIdA = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Receiver.Request r = A.next(WAIT);
            assertThat(r).as("message %d of %d", i + 1, n).isNotNull();
            perIdA.merge(r.id(), 1, Integer::sum);
        }
        for (int i = 0; i < n; i++) {
            assertThat(B.next(WAIT)).isNotNull();
        }
        assertThat(A.next(Duration.ofMillis(500))).as("no second copy").isNull();
        assertThat(perIdA).hasSize(n);
        assertThat(perIdA.values()).containsOnly(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'delivered' AND attempts = 1")
                        .query(Long.class)
                        .single())
                .isEqualTo(2L * n);
    }

    @Test
    void aPatchsUpdateIsWrittenInItsOwnTransactionAndRollsBackWithIt() throws Exception {
        long id = createWorkshop(newUser("Host"), false, null);
        var w = workshops.find(id).orElseThrow();
        tx.executeWithoutResult(s -> events.publishEvent(new WorkshopUpdated(w, w, Set.of("title"))));
        tx.executeWithoutResult(s -> {
            events.publishEvent(new WorkshopUpdated(w, w, Set.of("durationMinutes")));
            s.setRollbackOnly();
        });
        tx.executeWithoutResult(s -> events.publishEvent(new WorkshopUpdated(w, w, Set.of()))); // nothing changed
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE event_type = 'workshop.updated'")
                        .query(Long.class)
                        .single())
                .as("one message, two URLs")
                .isEqualTo(2L);
        sender();
        Receiver.Request r = A.next("workshop.updated", WAIT);
        verifier.verify(r.body(), r.headers());
        assertThat(JSON.readTree(r.body()).get("data").get("id").asLong()).isEqualTo(id);
    }

    private long undelivered() {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE state <> 'delivered'")
                .query(Long.class)
                .single();
    }

    record Row(int attempts, String state, Instant next, Instant attemptEnded, String error) {}

    private Row row(String messageId, String url) {
        return jdbc.sql(
                        "SELECT attempts, state, next_attempt_at, last_error FROM webhook_deliveries WHERE message_id = ? AND url = ?")
                .params(messageId, url)
                .query((rs, i) -> new Row(
                        rs.getInt("attempts"),
                        rs.getString("state"),
                        Sql.instant(rs, "next_attempt_at"),
                        Sql.now(clock),
                        rs.getString("last_error")))
                .single();
    }

    /** The outcome is written just after the receiver answered: wait for it (bounded), no fixed sleep. */
    private Row awaitAttempts(String messageId, String url, int attempts) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            Row r = row(messageId, url);
            if (r.attempts() >= attempts) {
                return r;
            }
            Thread.onSpinWait();
            Thread.sleep(20);
        }
        throw new AssertionError("no attempt " + attempts + " recorded for " + messageId);
    }

    private void awaitState(String messageId, String url, String state) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            if (row(messageId, url).state().equals(state)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(messageId + " never became " + state + ": " + row(messageId, url));
    }

    private double awaitPending(SimpleMeterRegistry registry, double expected) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        double v = -1;
        while (System.nanoTime() < until) {
            v = registry.get("lectern.webhooks.pending").gauge().value();
            if (v == expected) {
                return v;
            }
            Thread.sleep(20);
        }
        return v;
    }

    private static Receiver receiver() {
        try {
            return new Receiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
