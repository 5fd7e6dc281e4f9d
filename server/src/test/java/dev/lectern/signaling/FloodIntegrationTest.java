package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.SocketClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Attacks on a room by one of its attendees, with the real client against the real server: floods of
 * tens of thousands of events sent as fast as the client can (its emit only queues the packet), while
 * the host works. The test clock runs in real time (plus what a test adds), so a flood that lasts
 * longer than the 10 s window earns a new allowance per window; the counts are checked against that.
 *
 * <p>The io.socket client runs every socket of this JVM on one event thread: a host's event emitted
 * right after the flood waits there until the 30,000 packets are handed to the connection. That
 * first call is not measured; the ones after it run while the server is still reading and refusing
 * the flood (it reads a flooding socket slowly, see EventRateLimit.PAUSE). The host's measured latencies
 * still include the client thread reading the flood's answers: an upper bound of the server's. The
 * 250 ms target is the benchmark's (bench/, scenario "flood"); here the bound is generous.
 */
class FloodIntegrationTest extends SignalingTest {

    private static final Logger log = LoggerFactory.getLogger(FloodIntegrationTest.class);
    private static final int FLOOD = 30_000;
    private static final int LIMIT = 60; // the default LECTERN_EVENT_RATE_LIMIT
    private static final Duration GENEROUS = Duration.ofSeconds(2);
    private static final Duration FLOOD_ANSWERED = Duration.ofSeconds(60);

    @Autowired
    MeterRegistry meters;

    @Autowired
    EventQueues queues;

    @Test
    void aRaiseHandFloodFromOneAttendeeNeitherSlowsTheHostNorAnotherWorkshop() throws Exception {
        User host = newUser("Host");
        User flooder = newUser("Flooder");
        User ada = newUser("Ada");
        User otherHost = newUser("OtherHost");
        User bob = newUser("Bob");
        long id = liveWorkshop(host, flooder, ada);
        long other = liveWorkshop(otherHost, bob);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);
        SocketClient flood = joined(flooder, id);
        SocketClient otherClient = joined(otherHost, other);
        joined(bob, other);
        double refusedBefore = refused("socket_rate");

        long floodStart = System.nanoTime();
        List<CompletableFuture<JsonNode>> acks = new ArrayList<>(FLOOD);
        for (int i = 0; i < FLOOD; i++) {
            acks.add(flood.callAsync("workshop:raise-hand", payload(id)));
        }
        clientCaughtUp(hostClient, id, ada);
        // while the flood is being read and answered, both hosts work
        long[] hostMs = new long[20];
        long[] otherMs = new long[20];
        for (int i = 0; i < hostMs.length; i++) {
            String event = i % 2 == 0 ? "workshop:approve-speaker" : "workshop:revoke-speaker";
            hostMs[i] = timed(hostClient, event, payload(id, ada.id()));
            otherMs[i] = timed(otherClient, event, payload(other, bob.id()));
        }
        int[] codes = answers(acks);
        long floodMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - floodStart);

        log.info(
                "raise-hand flood of {}: host acks p50 {} ms, p99 {} ms; other workshop's host p50 {} ms, p99 {} ms",
                FLOOD,
                pct(hostMs, 50),
                pct(hostMs, 99),
                pct(otherMs, 50),
                pct(otherMs, 99));
        assertThat(pct(hostMs, 99)).as("host ack p99 (ms) during the flood").isLessThan(GENEROUS.toMillis());
        assertThat(pct(otherMs, 99)).as("other workshop's host ack p99 (ms)").isLessThan(GENEROUS.toMillis());
        // the limit went through (the join was the first; repeats are an idempotent ok), once per window
        // the flood lasted; every other event was refused and answered
        log.info("the flood was answered in {} ms: {} ok, {} rate_limited", floodMs, codes[0], codes[1]);
        assertThat(codes[0]).isBetween(LIMIT - 1, allowance(floodMs));
        assertThat(codes[0] + codes[1]).isEqualTo(FLOOD);
        assertThat(refused("socket_rate") - refusedBefore).isGreaterThanOrEqualTo(codes[1]);
        // the room heard the hand go up once, and the flooder is still connected
        assertThat(adaClient.next("workshop:hand-raised").get("userId").asLong())
                .isEqualTo(flooder.id());
        assertThat(adaClient.receives("workshop:hand-raised", QUIET)).isFalse();
        assertThat(flood.connected()).isTrue();
    }

    @Test
    void removingTheFlooderIsPromptAndEndsTheFloodsEffects() throws Exception {
        User host = newUser("Host");
        User flooder = newUser("Flooder");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, flooder, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);
        SocketClient flood = joined(flooder, id);
        List<String> seenByAda = new CopyOnWriteArrayList<>();
        adaClient.onEvent(
                "workshop:chat-message",
                m -> seenByAda.add("chat:" + SocketClient.tree(m).get("userId").asLong()));
        adaClient.onEvent(
                "workshop:user-removed",
                m -> seenByAda.add(
                        "removed:" + SocketClient.tree(m).get("userId").asLong()));

        List<CompletableFuture<JsonNode>> acks = new ArrayList<>(FLOOD);
        for (int i = 0; i < FLOOD; i++) {
            acks.add(flood.callAsync("workshop:chat", chat(id, "spam " + i)));
        }
        clientCaughtUp(hostClient, id, ada);
        long removeMs = timed(hostClient, "workshop:remove-user", payload(id, flooder.id()));
        int[] codes = answers(acks);

        log.info("remove-user aimed at a chat flooder of {}: acked in {} ms", FLOOD, removeMs);
        assertThat(removeMs).as("remove-user ack (ms) during the flood").isLessThan(GENEROUS.toMillis());
        assertThat(attendeeStatus(id, flooder)).isEqualTo("removed");
        // after the removal nothing the flooder sends has an effect: no chat reaches the room after it
        assertThat(adaClient.receives("workshop:user-removed", SocketClient.WAIT))
                .isTrue();
        Thread.sleep(QUIET.toMillis());
        String removed = "removed:" + flooder.id();
        assertThat(seenByAda).contains(removed);
        assertThat(seenByAda.subList(seenByAda.indexOf(removed), seenByAda.size()))
                .containsExactly(removed);
        long stored = jdbc.sql("SELECT count(*) FROM chat_messages WHERE workshop_id = ? AND user_id = ?")
                .params(id, flooder.id())
                .query(Long.class)
                .single();
        assertThat(stored).isEqualTo(codes[0]).isLessThanOrEqualTo(20); // the chat limit, at most (removed within 10 s)
        assertThat(codes[0] + codes[1] + codes[2]).isEqualTo(FLOOD);
        assertRefused(flood.call("workshop:chat", chat(id, "after")), "rate_limited");
    }

    @Test
    void aMixedFloodOfHandsChatAndUnknownEventsLeavesTheHostsAcksFast() throws Exception {
        User host = newUser("Host");
        User flooder = newUser("Flooder");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, flooder, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient flood = joined(flooder, id);

        long floodStart = System.nanoTime();
        List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            switch (i % 4) {
                case 0 -> acks.add(flood.callAsync("workshop:raise-hand", payload(id)));
                case 1 -> acks.add(flood.callAsync("workshop:lower-hand", payload(id)));
                case 2 -> acks.add(flood.callAsync("workshop:chat", chat(id, "mixed " + i)));
                default -> flood.send("workshop:no-such-event", payload(id));
            }
        }
        clientCaughtUp(hostClient, id, ada);
        long[] hostMs = new long[20];
        for (int i = 0; i < hostMs.length; i++) {
            hostMs[i] = timed(
                    hostClient, i % 2 == 0 ? "workshop:mute-user" : "workshop:approve-speaker", payload(id, ada.id()));
        }
        int[] codes = answers(acks);

        log.info("mixed flood of {}: host acks p50 {} ms, p99 {} ms", FLOOD, pct(hostMs, 50), pct(hostMs, 99));
        assertThat(pct(hostMs, 99))
                .as("host ack p99 (ms) during the mixed flood")
                .isLessThan(GENEROUS.toMillis());
        long floodMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - floodStart);
        assertThat(codes[0] + codes[1] + codes[2]).isEqualTo(acks.size());
        assertThat(codes[0]).isLessThanOrEqualTo(allowance(floodMs));
        assertThat(flood.connected()).isTrue();
    }

    @Test
    void aBurstOf150AdmitsExactlyTheLimitAndRefusesTheRestWithoutDisconnecting() throws Exception {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient adaClient = joined(ada, id); // the join was the socket's first event

        List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            acks.add(adaClient.callAsync("workshop:raise-hand", payload(id)));
        }
        int[] codes = answers(acks);

        assertThat(codes[0]).isEqualTo(LIMIT - 1);
        assertThat(codes[1]).isEqualTo(150 - (LIMIT - 1));
        for (int i = 0; i < LIMIT - 1; i++) {
            assertOk(acks.get(i).get()); // the first ones, in order
        }
        assertRefused(acks.get(149).get(), "rate_limited");
        assertThat(adaClient.connected()).isTrue();
        // 11 s later the window has passed: the socket is served again
        clock.advance(Duration.ofSeconds(11));
        assertOk(adaClient.call("workshop:lower-hand", payload(id)));
        // hosts are limited too
        SocketClient hostClient = joined(host, id);
        int hostRefused = 0;
        for (int i = 0; i < 100; i++) {
            JsonNode ack = hostClient
                    .callAsync("workshop:mute-user", payload(id, ada.id()))
                    .get(10, TimeUnit.SECONDS);
            hostRefused += ack.path("ok").asBoolean() ? 0 : 1;
        }
        assertThat(hostRefused).isEqualTo(100 - (LIMIT - 1));
    }

    @Test
    void withoutACallbackAFloodGetsAtMostOneErrorASecond() throws Exception {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient adaClient = joined(ada, id);

        long start = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            adaClient.send("workshop:raise-hand", payload(id));
        }
        // answered in order on the same socket: once it is, the server has read the 500 (an ack is not rationed)
        assertRefused(adaClient.call("workshop:raise-hand", payload(id)), "rate_limited");
        Thread.sleep(QUIET.toMillis());
        List<Object> errors = adaClient.drain(Replies.ERROR_EVENT);
        // one, unless the refusals were spread over more than a second of (real) time on a busy machine
        assertThat(errors)
                .hasSizeBetween(1, 1 + (int) (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / 1000));
        JsonNode error = SocketClient.tree(errors.getFirst());
        assertThat(error.get("code").asString()).isEqualTo("rate_limited");
        assertThat(error.get("event").asString()).isEqualTo("workshop:raise-hand");

        // a second later (still within the window) the next refusal is reported, once again
        clock.advance(Duration.ofMillis(1000));
        start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            adaClient.send("workshop:lower-hand", payload(id));
        }
        assertRefused(adaClient.call("workshop:lower-hand", payload(id)), "rate_limited");
        assertThat(adaClient.next(Replies.ERROR_EVENT).get("event").asString()).isEqualTo("workshop:lower-hand");
        Thread.sleep(QUIET.toMillis());
        assertThat(adaClient.drain(Replies.ERROR_EVENT))
                .hasSizeLessThanOrEqualTo((int) (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / 1000));
        assertThat(adaClient.connected()).isTrue();
    }

    @Test
    void repeatedHandsAreAckedBroadcastOnceAndWriteNothing() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient adaClient = joined(ada, id);

        JsonNode first = adaClient.call("workshop:raise-hand", payload(id));
        assertOk(first);
        RowVersions before = versions(id, ada);
        for (int i = 0; i < 5; i++) {
            JsonNode again = adaClient.call("workshop:raise-hand", payload(id));
            assertOk(again);
            assertThat(again.get("raisedAt").asString())
                    .isEqualTo(first.get("raisedAt").asString());
        }
        assertThat(versions(id, ada))
                .as("no row written or locked by a repeated raise")
                .isEqualTo(before);
        assertThat(hostClient.next("workshop:hand-raised").get("userId").asLong())
                .isEqualTo(ada.id());
        assertThat(hostClient.receives("workshop:hand-raised", QUIET)).isFalse();

        assertOk(adaClient.call("workshop:lower-hand", payload(id)));
        RowVersions lowered = versions(id, ada);
        for (int i = 0; i < 5; i++) {
            assertOk(adaClient.call("workshop:lower-hand", payload(id)));
        }
        assertThat(versions(id, ada))
                .as("no row written or locked by a repeated lower")
                .isEqualTo(lowered);
        assertThat(hostClient.next("workshop:hand-lowered").get("userId").asLong())
                .isEqualTo(ada.id());
        assertThat(hostClient.receives("workshop:hand-lowered", QUIET)).isFalse();
    }

    @Test
    void oneUsersSocketsTogetherCannotFillTheQueueAndTheHostOvertakesThem() throws Exception {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        List<SocketClient> tabs = List.of(joined(ada, id), joined(ada, id), joined(ada, id));
        List<String> heardByHost = new CopyOnWriteArrayList<>();
        hostClient.onEvent("workshop:user-muted", m -> heardByHost.add("muted"));
        hostClient.onEvent("workshop:hand-raised", m -> heardByHost.add("hand"));
        double refusedBefore = refused("user_queue_full");

        // the room is busy: what follows waits in its queue
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        queues.submit(id, () -> {
            holding.countDown();
            awaitQuietly(hold);
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
        for (SocketClient tab : tabs) {
            for (int i = 0; i < LIMIT - 1; i++) { // each tab's whole allowance (its join was the first)
                acks.add(tab.callAsync("workshop:raise-hand", payload(id)));
            }
        }
        // the user's share of the lane fills up; the rest is refused at once, while the queue is held
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (acks.stream().filter(CompletableFuture::isDone).count() < acks.size() - EventQueues.PER_USER
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(queues.waiting(id)).isEqualTo(EventQueues.PER_USER);
        CompletableFuture<JsonNode> mute = hostClient.callAsync("workshop:mute-user", payload(id, ada.id()));
        while (queues.waiting(id) == EventQueues.PER_USER && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(queues.waiting(id))
                .as("the host's event is queued, not refused")
                .isEqualTo(EventQueues.PER_USER + 1);
        hold.countDown();

        assertOk(mute.get(10, TimeUnit.SECONDS));
        int[] codes = answers(acks);
        assertThat(codes[0]).isEqualTo(EventQueues.PER_USER);
        assertThat(codes[1]).isEqualTo(acks.size() - EventQueues.PER_USER);
        assertThat(refused("user_queue_full") - refusedBefore).isEqualTo(acks.size() - EventQueues.PER_USER);
        // queued last, the host's event ran first: the room heard the mute before the hand
        assertThat(hostClient.receives("workshop:hand-raised", SocketClient.WAIT))
                .isTrue();
        assertThat(heardByHost).startsWith("muted", "hand");
        tabs.forEach(tab -> assertThat(tab.connected()).isTrue());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** PostgreSQL's row versions: an UPDATE changes xmin, a SELECT … FOR UPDATE sets xmax. */
    private record RowVersions(String attendeeXmin, String attendeeXmax, String workshopXmin, String workshopXmax) {}

    private RowVersions versions(long id, User user) {
        Map<String, Object> a = jdbc.sql(
                        "SELECT xmin::text AS n, xmax::text AS x FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                .params(id, user.id())
                .query()
                .singleRow();
        Map<String, Object> w = jdbc.sql("SELECT xmin::text AS n, xmax::text AS x FROM workshops WHERE id = ?")
                .params(id)
                .query()
                .singleRow();
        return new RowVersions((String) a.get("n"), (String) a.get("x"), (String) w.get("n"), (String) w.get("x"));
    }

    /** Events one socket may have had admitted over {@code ms} of real time: the limit per window begun. */
    private static int allowance(long ms) {
        return LIMIT * (int) (1 + ms / 10_000);
    }

    /**
     * One unmeasured host event: it leaves the client's (shared) event thread after the flood's packets,
     * so once it is answered the client has handed the whole flood to its connection.
     */
    private static void clientCaughtUp(SocketClient host, long id, User target) {
        assertOk(host.call("workshop:mute-user", payload(id, target.id())));
    }

    private static long timed(SocketClient client, String event, Object payload) {
        long start = System.nanoTime();
        JsonNode ack = client.call(event, payload);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertOk(ack);
        return ms;
    }

    /** Waits for every ack; counts [ok, rate_limited, other refusals]. */
    private static int[] answers(List<CompletableFuture<JsonNode>> acks) throws Exception {
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .get(FLOOD_ANSWERED.toSeconds(), TimeUnit.SECONDS);
        int[] codes = new int[3];
        for (CompletableFuture<JsonNode> f : acks) {
            JsonNode ack = f.get();
            if (ack.path("ok").asBoolean(false)) {
                codes[0]++;
            } else if ("rate_limited".equals(ack.path("error").path("code").asString())) {
                codes[1]++;
            } else {
                codes[2]++;
            }
        }
        return codes;
    }

    private static long pct(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private double refused(String reason) {
        var counter = meters.find("lectern.socket.events.refused")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
