package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import dev.lectern.support.TransitionEvents;
import dev.lectern.workshop.WorkshopTransitioned.Cause;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The lobby opener, the no-show canceller and the end-of-workshop bookkeeping, driven by hand with the
 * test clock, and the {@link WorkshopTransitioned} events every move publishes. The clock is shared and
 * the jobs scan every due workshop in the schema, so assertions are only ever about this test's own.
 */
class LifecycleJobsIntegrationTest extends IntegrationTest {

    @Autowired
    LifecycleJobs jobs;

    @Autowired
    Lifecycle lifecycle;

    @Autowired
    TransitionEvents events;

    @Autowired
    JdbcClient jdbc;

    @Test
    void lobbyOpensFifteenMinutesBeforeTheStartAndNotBefore() {
        User host = newUser("Host");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long id = createWorkshop(host, false, null, now.plus(Duration.ofMinutes(30)));
        long later = createWorkshop(host, false, null, now.plus(Duration.ofHours(3)));

        drain(jobs::openLobbies);
        assertThat(status(id, host)).isEqualTo("scheduled");

        clock.advance(Duration.ofMinutes(14)); // 16 minutes to go
        drain(jobs::openLobbies);
        assertThat(status(id, host)).isEqualTo("scheduled");
        assertThat(events.of(id)).isEmpty();

        clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // just under 15 minutes to go
        drain(jobs::openLobbies);
        assertThat(status(id, host)).isEqualTo("lobby");
        assertThat(status(later, host)).isEqualTo("scheduled");
        assertThat(events.of(id)).singleElement().satisfies(e -> {
            assertThat(e.from()).isEqualTo(WorkshopStatus.SCHEDULED);
            assertThat(e.to()).isEqualTo(WorkshopStatus.LOBBY);
            assertThat(e.cause()).isEqualTo(Cause.LOBBY_JOB);
            assertThat(e.startedAt()).isNull();
        });

        // running it again moves nothing twice; the host starts from the lobby
        drain(jobs::openLobbies);
        assertThat(events.of(id)).hasSize(1);
        Api.Response start = api.post("/api/workshops/" + id + "/start", host.token(), null);
        assertThat(start.status()).as(start.toString()).isEqualTo(200);
        assertThat(events.of(id)).hasSize(2).last().satisfies(e -> {
            assertThat(e.from()).isEqualTo(WorkshopStatus.LOBBY);
            assertThat(e.to()).isEqualTo(WorkshopStatus.LIVE);
            assertThat(e.cause()).isEqualTo(Cause.HOST);
        });
    }

    @Test
    void noShowJobCancelsAfterTheGracePeriodAndNotifiesTheRsvps() {
        User host = newUser("Host");
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofMinutes(5));
        long scheduled = createWorkshop(host, false, null, start);
        long lobby = createWorkshop(host, false, null, start);
        long live = createWorkshop(host, false, null, start);
        long ended = createWorkshop(host, false, null, start);
        User a = rsvp(scheduled, newUser("A"));
        User b = rsvp(scheduled, newUser("B"));
        User c = rsvp(lobby, newUser("C"));
        User d = rsvp(live, newUser("D"));
        User e = rsvp(ended, newUser("E"));
        assertThat(lifecycle.openLobbyIfDue(lobby)).isTrue(); // inside the lobby window already
        post(host, live, "start");
        post(host, ended, "start");
        post(host, ended, "end");

        drain(jobs::cancelNoShows);
        clock.advance(Duration.ofMinutes(19)); // 1 minute of grace left
        drain(jobs::cancelNoShows);
        assertThat(status(scheduled, host)).isEqualTo("scheduled");
        assertThat(status(lobby, host)).isEqualTo("lobby");

        clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // the grace period is over
        drain(jobs::cancelNoShows);
        assertThat(status(scheduled, host)).isEqualTo("cancelled");
        assertThat(status(lobby, host)).isEqualTo("cancelled");
        assertThat(status(live, host))
                .as("a started workshop is never cancelled")
                .isEqualTo("live");
        assertThat(status(ended, host)).isEqualTo("ended");

        for (var expected : Map.of(a, scheduled, b, scheduled, c, lobby).entrySet()) {
            assertThat(notifications(expected.getKey(), "workshop_cancelled"))
                    .as("%s", expected.getKey().name())
                    .singleElement()
                    .satisfies(n -> {
                        assertThat(n.get("payload").get("workshopId").asLong()).isEqualTo(expected.getValue());
                        assertThat(n.get("payload").get("reason").asString()).isEqualTo("no_show");
                    });
        }
        assertThat(notifications(d, "workshop_cancelled")).isEmpty();
        assertThat(notifications(e, "workshop_cancelled")).isEmpty();

        assertThat(lastEvent(scheduled)).satisfies(ev -> {
            assertThat(ev.from()).isEqualTo(WorkshopStatus.SCHEDULED);
            assertThat(ev.to()).isEqualTo(WorkshopStatus.CANCELLED);
            assertThat(ev.cause()).isEqualTo(Cause.NO_SHOW_JOB);
        });
        assertThat(lastEvent(lobby)).satisfies(ev -> {
            assertThat(ev.from()).isEqualTo(WorkshopStatus.LOBBY);
            assertThat(ev.to()).isEqualTo(WorkshopStatus.CANCELLED);
            assertThat(ev.cause()).isEqualTo(Cause.NO_SHOW_JOB);
        });
        assertThat(events.of(live)).extracting(WorkshopTransitioned::to).containsExactly(WorkshopStatus.LIVE);
        assertThat(events.of(ended))
                .extracting(WorkshopTransitioned::to)
                .containsExactly(WorkshopStatus.LIVE, WorkshopStatus.ENDED);

        // a second round changes nothing, notifies nobody again; a late start is refused
        int before = events.of(scheduled).size() + events.of(lobby).size();
        drain(jobs::cancelNoShows);
        assertThat(events.of(scheduled).size() + events.of(lobby).size()).isEqualTo(before);
        assertThat(notifications(a, "workshop_cancelled")).hasSize(1);
        Api.Response late = api.post("/api/workshops/" + scheduled + "/start", host.token(), null);
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("invalid_transition");
    }

    @Test
    void endingMarksRsvpsWhoNeverJoinedAsNoShow() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        User absent = rsvp(id, newUser("Absent"));
        User present = rsvp(id, newUser("Present"));
        User leftEarly = rsvp(id, newUser("LeftEarly"));
        User invited = newUser("Invited");
        Api.Response inv = api.post(
                "/api/workshops/" + id + "/invites", host.token(), Api.json(Map.of("userIds", List.of(invited.id()))));
        assertThat(inv.status()).isEqualTo(200);
        post(host, id, "start");
        // presence is the signaling layer's to record; set it as it would
        Instant joined = clock.instant().minus(Duration.ofMinutes(2));
        jdbc.sql("""
                UPDATE workshop_attendees SET status = 'joined', joined_at = ?, first_joined_at = ?
                WHERE workshop_id = ? AND user_id = ?""").params(ts(joined), ts(joined), id, present.id()).update();
        jdbc.sql("""
                UPDATE workshop_attendees SET status = 'left', joined_at = ?, first_joined_at = ?, left_at = ?, present_ms = 60000
                WHERE workshop_id = ? AND user_id = ?""")
                .params(ts(joined), ts(joined), ts(joined.plus(Duration.ofMinutes(1))), id, leftEarly.id())
                .update();

        JsonNode endedWorkshop = post(host, id, "end");
        assertThat(endedWorkshop.get("status").asString()).isEqualTo("ended");

        Map<Long, JsonNode> lines = attendance(id, host);
        assertThat(lines.get(absent.id()).get("status").asString()).isEqualTo("no_show");
        assertThat(lines.get(absent.id()).get("presentMs").asLong()).isZero();
        assertThat(lines.get(present.id()).get("status").asString())
                .as("whoever is still in the room leaves at the end")
                .isEqualTo("left");
        assertThat(lines.get(present.id()).get("presentMs").asLong())
                .isGreaterThanOrEqualTo(Duration.ofMinutes(2).toMillis());
        assertThat(Instant.parse(lines.get(present.id()).get("lastLeftAt").asString()))
                .isEqualTo(Instant.parse(endedWorkshop.get("endedAt").asString()));
        assertThat(lines.get(leftEarly.id()).get("status").asString()).isEqualTo("left");
        assertThat(lines.get(leftEarly.id()).get("presentMs").asLong()).isEqualTo(60_000);
        assertThat(lines.get(invited.id()).get("status").asString())
                .as("an invitation is not an RSVP")
                .isEqualTo("invited");
        assertThat(lines).doesNotContainKey(host.id());
    }

    @Test
    void everyTransitionPublishesOneEventAndARefusalNone() {
        User host = newUser("Host");
        User stranger = newUser("Stranger");
        long id = createWorkshop(host, false, null);
        assertThat(events.of(id)).isEmpty();

        JsonNode live = post(host, id, "start");
        assertThat(events.of(id)).singleElement().satisfies(e -> {
            assertThat(e.from()).isEqualTo(WorkshopStatus.SCHEDULED);
            assertThat(e.to()).isEqualTo(WorkshopStatus.LIVE);
            assertThat(e.cause()).isEqualTo(Cause.HOST);
            assertThat(e.startedAt())
                    .isEqualTo(Instant.parse(live.get("startedAt").asString()));
            assertThat(e.agoraChannel()).isEqualTo(live.get("agoraChannel").asString());
        });

        // refused: wrong state (409) or wrong person (403) — nothing published
        for (String action : List.of("start", "cancel")) {
            Api.Response r = api.post("/api/workshops/" + id + "/" + action, host.token(), null);
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.code()).isEqualTo("invalid_transition");
        }
        assertThat(api.post("/api/workshops/" + id + "/end", stranger.token(), null)
                        .status())
                .isEqualTo(403);
        assertThat(events.of(id)).hasSize(1);

        JsonNode ended = post(host, id, "end");
        assertThat(events.of(id)).hasSize(2).last().satisfies(e -> {
            assertThat(e.from()).isEqualTo(WorkshopStatus.LIVE);
            assertThat(e.to()).isEqualTo(WorkshopStatus.ENDED);
            assertThat(e.endedAt()).isEqualTo(Instant.parse(ended.get("endedAt").asString()));
        });
        for (String action : List.of("start", "end", "cancel")) {
            assertThat(api.post("/api/workshops/" + id + "/" + action, host.token(), null)
                            .status())
                    .isEqualTo(409);
        }
        assertThat(events.of(id)).hasSize(2);

        // a host's cancel: one event, and the RSVPs hear why
        long other = createWorkshop(host, false, null);
        User rsvpd = rsvp(other, newUser("Rsvpd"));
        post(host, other, "cancel");
        assertThat(post409(host, other, "cancel")).isEqualTo("invalid_transition");
        assertThat(events.of(other)).singleElement().satisfies(e -> {
            assertThat(e.to()).isEqualTo(WorkshopStatus.CANCELLED);
            assertThat(e.cause()).isEqualTo(Cause.HOST);
        });
        assertThat(notifications(rsvpd, "workshop_cancelled"))
                .singleElement()
                .satisfies(n ->
                        assertThat(n.get("payload").get("reason").asString()).isEqualTo("host_cancelled"));
    }

    @Test
    void twoNoShowJobsRacingCancelEachWorkshopOnce() throws Exception {
        int rounds = 3;
        int batch = 20;
        User host = newUser("Host");
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < rounds; round++) {
                Instant start = clock.instant().plus(Duration.ofMinutes(5));
                List<Long> ids = new ArrayList<>();
                List<User> users = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    long id = createWorkshop(host, false, null, start);
                    ids.add(id);
                    users.add(rsvp(id, newUser("R" + round + "-" + i)));
                }
                drain(jobs::cancelNoShows); // whatever else was due: out of the way
                clock.advance(Duration.ofMinutes(21));

                CyclicBarrier both = new CyclicBarrier(2);
                List<CompletableFuture<Integer>> runs = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    runs.add(CompletableFuture.supplyAsync(
                            () -> {
                                await(both);
                                return jobs.cancelNoShows();
                            },
                            pool));
                }
                int first = runs.get(0).get();
                int second = runs.get(1).get();
                int cancelled = first + second;
                System.out.printf("no-show race, round %d: the two runs cancelled %d and %d%n", round, first, second);
                assertThat(cancelled)
                        .as("round %d: between them the two runs cancelled at least ours", round)
                        .isGreaterThanOrEqualTo(batch);

                for (int i = 0; i < batch; i++) {
                    long id = ids.get(i);
                    assertThat(status(id, host))
                            .as("round %d, workshop %d", round, id)
                            .isEqualTo("cancelled");
                    assertThat(events.of(id))
                            .as("round %d, events of %d", round, id)
                            .filteredOn(e -> e.to() == WorkshopStatus.CANCELLED)
                            .singleElement()
                            .satisfies(e -> assertThat(e.cause()).isEqualTo(Cause.NO_SHOW_JOB));
                    int notices = jdbc.sql(
                                    "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND type = 'workshop_cancelled'")
                            .param(users.get(i).id())
                            .query(Integer.class)
                            .single();
                    assertThat(notices)
                            .as("round %d, notices to %s", round, users.get(i).name())
                            .isEqualTo(1);
                }
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Runs a job until it finds nothing more to do (it takes at most a batch per run). */
    private static void drain(IntSupplier job) {
        for (int i = 0; i < 100 && job.getAsInt() > 0; i++) {
            // keep going
        }
    }

    private User rsvp(long id, User user) {
        Api.Response r = api.post("/api/workshops/" + id + "/rsvp", user.token(), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return user;
    }

    private JsonNode post(User user, long id, String action) {
        Api.Response r = api.post("/api/workshops/" + id + "/" + action, user.token(), null);
        assertThat(r.status()).as("%s: %s", action, r).isEqualTo(200);
        return r.json();
    }

    private String post409(User user, long id, String action) {
        Api.Response r = api.post("/api/workshops/" + id + "/" + action, user.token(), null);
        assertThat(r.status()).as("%s: %s", action, r).isEqualTo(409);
        assertThat(r.isProblem()).isTrue();
        return r.code();
    }

    private String status(long id, User host) {
        Api.Response r = api.get("/api/workshops/" + id, host.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("status").asString();
    }

    private WorkshopTransitioned lastEvent(long id) {
        List<WorkshopTransitioned> all = events.of(id);
        assertThat(all).as("events of %d", id).isNotEmpty();
        assertThat(all.stream().filter(e -> e.to() == WorkshopStatus.CANCELLED))
                .as("cancel events of %d", id)
                .hasSize(1);
        return all.getLast();
    }

    private List<JsonNode> notifications(User user, String type) {
        Api.Response r = api.get("/api/notifications?limit=200", user.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json()
                .get("items")
                .valueStream()
                .filter(n -> n.get("type").asString().equals(type))
                .toList();
    }

    private Map<Long, JsonNode> attendance(long id, User host) {
        Api.Response r = api.get("/api/workshops/" + id + "/attendance", host.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Map<Long, JsonNode> lines = new java.util.HashMap<>();
        r.json().get("items").forEach(line -> lines.put(line.get("userId").asLong(), line));
        return lines;
    }

    private static java.time.OffsetDateTime ts(Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
