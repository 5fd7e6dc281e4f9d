package dev.lectern.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.IntegrationTest;
import dev.lectern.support.SocketClient;
import dev.lectern.workshop.RoomService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The report of CONTRACT §7.6 against the real database and real sockets: sessions per stretch of
 * presence (two tabs once), present time from the injected clock, peak concurrency, chat and hand
 * counts, the host left out, the refusals, and the CSV.
 */
class ReportIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RoomService rooms;

    private final List<SocketClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(SocketClient::close);
        clients.clear();
    }

    @Test
    void sessionsPresenceAndEngagementPerAttendee() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        User bob = newUser("Bob");
        long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(5)));
        rsvp(id, ada);
        rsvp(id, bob);
        assertThat(api.get("/api/workshops/" + id + "/report", host.token()).code())
                .as("before live")
                .isEqualTo("invalid_state");
        var started = api.post("/api/workshops/" + id + "/start", host.token(), null);
        assertThat(started.status()).isEqualTo(200);
        Instant t0 = Instant.parse(started.json().get("startedAt").asString());

        SocketClient hostTab = joined(host, id);
        SocketClient adaTab1 = joined(ada, id);
        SocketClient adaTab2 = joined(ada, id); // a second tab: still one session
        clock.advance(Duration.ofSeconds(10));
        SocketClient bobTab = joined(bob, id); // t0+10: two attendees present
        assertOk(adaTab1.call("workshop:chat", chat(id, "hello")));
        assertOk(adaTab1.call("workshop:chat", chat(id, "again")));
        assertOk(bobTab.call("workshop:raise-hand", payload(id)));
        assertOk(bobTab.call("workshop:raise-hand", payload(id))); // already up: not a second raise
        assertOk(bobTab.call("workshop:lower-hand", payload(id)));
        assertOk(bobTab.call("workshop:raise-hand", payload(id)));
        assertOk(hostTab.call("workshop:chat", chat(id, "host talk")));

        clock.advance(Duration.ofSeconds(20));
        assertOk(adaTab1.call("workshop:leave", payload(id))); // t0+30, the other tab stays
        clock.advance(Duration.ofSeconds(5));
        assertOk(adaTab2.call("workshop:leave", payload(id))); // t0+35: Ada's first session ends
        clock.advance(Duration.ofSeconds(15));
        joined(ada, id); // t0+50: her second session
        clock.advance(Duration.ofSeconds(10));
        assertOk(bobTab.call("workshop:leave", payload(id))); // t0+60

        // live: Ada's open session runs until now
        JsonNode live = report(id, host);
        assertThat(live.get("endedAt").isNull()).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(api.post("/api/workshops/" + id + "/end", host.token(), null).status())
                .isEqualTo(200); // t0+70

        JsonNode r = report(id, host);
        assertThat(r.get("workshopId").asLong()).isEqualTo(id);
        assertThat(Instant.parse(r.get("startedAt").asString())).isEqualTo(t0);
        near(Instant.parse(r.get("endedAt").asString()), t0.plusSeconds(70));
        assertThat(r.get("uniqueAttendees").asInt()).as("the host is left out").isEqualTo(2);
        assertThat(r.get("peakConcurrent").asInt()).isEqualTo(2);
        assertThat(r.get("chatMessages").asLong())
                .as("every message, the host's too")
                .isEqualTo(3);
        assertThat(r.get("questions").asLong()).isZero();
        assertThat(r.get("pollVotes").asLong()).isZero();
        assertThat(r.get("reactions").asLong()).isZero();
        assertThat(r.get("reactionsPerMinute").isArray()).isTrue();
        assertThat(r.get("reactionsPerMinute").size()).isZero();

        JsonNode first = r.get("attendees").get(0);
        assertThat(first.get("userId").asLong()).as("by first arrival").isEqualTo(ada.id());
        assertThat(first.get("displayName").asString()).isEqualTo("Ada");
        assertThat(first.get("sessions").size()).isEqualTo(2);
        near(Instant.parse(first.get("sessions").get(0).get("joinedAt").asString()), t0);
        near(Instant.parse(first.get("sessions").get(0).get("leftAt").asString()), t0.plusSeconds(35));
        near(Instant.parse(first.get("sessions").get(1).get("joinedAt").asString()), t0.plusSeconds(50));
        near(Instant.parse(first.get("sessions").get(1).get("leftAt").asString()), t0.plusSeconds(70));
        assertThat(first.get("presentMs").asLong()).isCloseTo(55_000L, org.assertj.core.data.Offset.offset(3_000L));
        assertThat(first.get("chatMessages").asInt()).isEqualTo(2);
        assertThat(first.get("handRaises").asInt()).isZero();
        assertThat(first.get("questionsAsked").asInt()).isZero();
        assertThat(first.get("pollsAnswered").asInt()).isZero();

        JsonNode second = r.get("attendees").get(1);
        assertThat(second.get("userId").asLong()).isEqualTo(bob.id());
        assertThat(second.get("sessions").size()).isEqualTo(1);
        assertThat(second.get("presentMs").asLong()).isCloseTo(50_000L, org.assertj.core.data.Offset.offset(3_000L));
        assertThat(second.get("handRaises").asInt())
                .as("raised, lowered, raised; a repeat does not count")
                .isEqualTo(2);
        assertThat(second.get("chatMessages").asInt()).isZero();
        assertThat(r.get("averagePresentMs").asLong()).isCloseTo(52_500L, org.assertj.core.data.Offset.offset(3_000L));

        // the sessions agree with the attendance list's own totals
        JsonNode attendance = api.get("/api/workshops/" + id + "/attendance", host.token())
                .json()
                .get("items");
        for (JsonNode line : attendance) {
            if (line.get("userId").asLong() == ada.id()) {
                assertThat(line.get("presentMs").asLong())
                        .isEqualTo(first.get("presentMs").asLong());
            }
        }
    }

    @Test
    void onlyTheHostAndCoHostsSeeItAndTheCsvQuotesHostileNames() {
        User host = newUser("Host");
        User co = newUser("Co");
        User eve = newUser("=HYPERLINK(\"http://x\",\"y\")");
        User stranger = newUser("Stranger");
        long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(5)));
        rsvp(id, co);
        rsvp(id, eve);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        SocketClient hostTab = joined(host, id);
        joined(co, id);
        joined(eve, id);
        assertOk(hostTab.call("workshop:promote-cohost", Map.of("workshopId", id, "targetUserId", co.id())));

        assertThat(api.get("/api/workshops/" + id + "/report", co.token()).status())
                .isEqualTo(200);
        assertThat(report(id, co).get("uniqueAttendees").asInt())
                .as("a co-host is an attendee")
                .isEqualTo(2);
        assertThat(api.get("/api/workshops/" + id + "/report", eve.token()).code())
                .isEqualTo("forbidden");
        assertThat(api.get("/api/workshops/" + id + "/attendance.csv", eve.token())
                        .code())
                .isEqualTo("forbidden");
        assertThat(api.get("/api/workshops/" + id + "/report", stranger.token()).code())
                .isEqualTo("forbidden");
        assertThat(api.get("/api/workshops/" + id + "/report", null).status()).isEqualTo(401);
        assertThat(api.get("/api/workshops/999999999/report", host.token()).code())
                .isEqualTo("not_found");
        assertThat(api.get("/api/workshops/abc/report", host.token()).code()).isEqualTo("invalid_payload");
        assertThat(api.get("/api/workshops/-1/report", host.token()).code()).isEqualTo("invalid_payload");

        var csv = api.get("/api/workshops/" + id + "/attendance.csv", host.token());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] rows = csv.body().split("\r\n");
        assertThat(rows[0]).isEqualTo(ReportCsv.HEADER);
        assertThat(rows).hasSize(3);
        assertThat(rows[1]).startsWith(co.id() + ",\"Co\",1,");
        assertThat(rows[2]).startsWith(eve.id() + ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",1,");
    }

    @Test
    void aDeadNodesSessionsEndAtItsLastHeartbeat() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(5)));
        rsvp(id, ada);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        joined(ada, id);
        Instant joinedAt = jdbc.sql("SELECT joined_at FROM attendance_sessions WHERE workshop_id = ? AND user_id = ?")
                .params(id, ada.id())
                .query(java.time.OffsetDateTime.class)
                .single()
                .toInstant();
        clock.advance(Duration.ofSeconds(40));
        // what the reaper (cluster) and the start-up after a crash (single node) call: left at the last heartbeat
        rooms.leave(id, ada.id(), joinedAt.plusSeconds(25));

        JsonNode line = report(id, host).get("attendees").get(0);
        assertThat(line.get("sessions").size()).isEqualTo(1);
        assertThat(Instant.parse(line.get("sessions").get(0).get("leftAt").asString()))
                .isEqualTo(joinedAt.plusSeconds(25));
        assertThat(line.get("presentMs").asLong()).isEqualTo(25_000);
    }

    @Test
    void peakCountsOverlapsNotTouchingEnds() {
        List<long[]> edges = new ArrayList<>(List.of(
                new long[] {0, 1}, new long[] {10, -1}, // a: 0..10
                new long[] {10, 1}, new long[] {20, -1}, // b: 10..20, starts as a ends
                new long[] {5, 1}, new long[] {15, -1})); // c: 5..15
        assertThat(ReportService.peak(edges)).isEqualTo(2);
        assertThat(ReportService.peak(new ArrayList<>())).isZero();
    }

    /** The test clock runs on in real time between the steps: a step's instant is its planned time plus that. */
    private static void near(Instant actual, Instant planned) {
        assertThat(actual).isBetween(planned, planned.plusSeconds(3));
    }

    private JsonNode report(long id, User user) {
        var response = api.get("/api/workshops/" + id + "/report", user.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private void rsvp(long id, User user) {
        assertThat(api.post("/api/workshops/" + id + "/rsvp", user.token(), null)
                        .status())
                .isEqualTo(200);
    }

    private SocketClient joined(User user, long workshopId) {
        SocketClient client = SocketClient.connect(socketUrl(), user.token());
        clients.add(client);
        assertOk(client.call("workshop:join", payload(workshopId)));
        client.next("workshop:state");
        return client;
    }

    private static Map<String, Object> payload(long workshopId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("workshopId", workshopId);
        return payload;
    }

    private static Map<String, Object> chat(long workshopId, String message) {
        Map<String, Object> payload = payload(workshopId);
        payload.put("message", message);
        return payload;
    }

    private static void assertOk(JsonNode ack) {
        assertThat(ack.path("ok").asBoolean(false)).as(ack.toString()).isTrue();
    }
}
