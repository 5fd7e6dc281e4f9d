package dev.lectern.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.notification.NotificationService;
import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Reminders (CONTRACT §7.6) with the injected clock, offsets 1440,60,10 (the default). Rounds are run by
 * hand, by the context's {@link Reminders} and by a second instance standing for another node or a
 * restarted one (it shares nothing with the first but the database).
 */
class RemindersIntegrationTest extends IntegrationTest {

    @Autowired
    Reminders reminders;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    NotificationService notifications;

    @Autowired
    PlatformSettings settings;

    @Autowired
    TransactionTemplate tx;

    private Reminders otherNode() {
        return new Reminders(jdbc, notifications, settings, clock, tx);
    }

    private Instant at(long minutesFromNow) {
        return clock.instant().plus(Duration.ofMinutes(minutesFromNow)).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Moves the clock to {@code minutes} before {@code start} (plus a second: just due). */
    private void moveTo(Instant start, int minutes) {
        Duration d = Duration.between(
                clock.instant(), start.minus(Duration.ofMinutes(minutes)).plusSeconds(1));
        assertThat(d.isNegative()).as("the clock only moves forward").isFalse();
        clock.advance(d);
    }

    private List<Integer> reminded(User u, long workshopId) {
        List<Integer> offsets = new ArrayList<>();
        api.get("/api/notifications", u.token()).json().get("items").forEach(n -> {
            if (n.get("type").asString().equals("workshop_reminder")
                    && n.get("payload").get("workshopId").asLong() == workshopId) {
                offsets.add(n.get("payload").get("minutesBefore").asInt());
            }
        });
        return offsets;
    }

    private void rsvp(long id, User u) {
        assertThat(api.post("/api/workshops/" + id + "/rsvp", u.token(), null).status())
                .isEqualTo(200);
    }

    @Test
    void eachOffsetGoesOnceToRsvpdAndInvitedUsersButNotTheHostWithThePayload() {
        User host = newUser("Host");
        User rsvpd = newUser("Rsvpd");
        User invited = newUser("Invited");
        Instant start = at(25 * 60);
        long id = createWorkshop(host, false, null, start);
        rsvp(id, rsvpd);
        api.post("/api/workshops/" + id + "/invites", host.token(), Api.json(Map.of("userIds", List.of(invited.id()))));
        api.get("/api/notifications", invited.token());
        reminders.runOnce();
        assertThat(reminded(rsvpd, id)).isEmpty();
        for (int offset : List.of(1440, 60, 10)) {
            moveTo(start, offset);
            reminders.runOnce();
            reminders.runOnce(); // a second round finds nothing new
            otherNode().runOnce();
        }
        assertThat(reminded(rsvpd, id)).containsExactly(10, 60, 1440); // newest first
        assertThat(reminded(invited, id)).containsExactly(10, 60, 1440);
        assertThat(reminded(host, id)).isEmpty();
        JsonNode n =
                api.get("/api/notifications", rsvpd.token()).json().get("items").get(0);
        assertThat(n.get("payload").get("title").asString()).isEqualTo("Workshop by Host");
        assertThat(Instant.parse(n.get("payload").get("scheduledStart").asString()))
                .isEqualTo(start);
        assertThat(n.get("readAt").isNull()).isTrue();
        assertThat(api.post("/api/notifications/" + n.get("id").asLong() + "/read", rsvpd.token(), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void noReminderForAnOffsetAlreadyPastAtTheRsvp() {
        User host = newUser("Host");
        User late = newUser("Late");
        Instant start = at(30);
        long id = createWorkshop(host, false, null, start);
        rsvp(id, late); // 1440 and 60 are past already
        reminders.runOnce();
        assertThat(reminded(late, id)).isEmpty();
        moveTo(start, 10);
        reminders.runOnce();
        assertThat(reminded(late, id)).containsExactly(10);
    }

    @Test
    void aRescheduleReplansSkippingWhatIsPastAndSendsAgainWhatWasSentForTheOldStart() {
        User host = newUser("Host");
        User u = newUser("U");
        Instant start = at(120);
        long id = createWorkshop(host, false, null, start);
        rsvp(id, u);
        moveTo(start, 60);
        reminders.runOnce();
        assertThat(reminded(u, id)).containsExactly(60);
        // later: offsets 1440 past at the reschedule are skipped, 60 goes again for the new start
        Instant newStart = at(3 * 60);
        assertThat(api.send("PATCH", "/api/workshops/" + id, host.token(), "{\"scheduledStart\":\"" + newStart + "\"}")
                        .status())
                .isEqualTo(200);
        reminders.runOnce();
        moveTo(start, 10); // the old start's 10-minute mark: nothing, it moved
        reminders.runOnce();
        assertThat(reminded(u, id)).containsExactly(60);
        moveTo(newStart, 60);
        reminders.runOnce();
        moveTo(newStart, 10);
        reminders.runOnce();
        assertThat(reminded(u, id)).containsExactly(10, 60, 60);
    }

    @Test
    void noneOnceTheWorkshopIsLiveOrCancelled() {
        User host = newUser("Host");
        User u = newUser("U");
        Instant start = at(50);
        long live = createWorkshop(host, false, null, start);
        long cancelled = createWorkshop(host, false, null, start);
        rsvp(live, u);
        rsvp(cancelled, u);
        api.post("/api/workshops/" + live + "/start", host.token(), null);
        api.post("/api/workshops/" + cancelled + "/cancel", host.token(), null);
        moveTo(start, 10);
        reminders.runOnce();
        assertThat(reminded(u, live)).isEmpty();
        assertThat(reminded(u, cancelled)).isEmpty();
    }

    @Test
    void afterAnOutageOnlyTheLatestMissedOffsetIsSentOnRecovery() {
        User host = newUser("Host");
        User u = newUser("U");
        Instant start = at(26 * 60);
        long id = createWorkshop(host, false, null, start);
        rsvp(id, u);
        moveTo(start, 5); // 1440, 60 and 10 all passed while no node ran
        otherNode().runOnce(); // a freshly started node: nothing in memory, only the rows
        reminders.runOnce();
        assertThat(reminded(u, id)).containsExactly(10);
    }

    @Test
    void twoNodesRacingSendEachReminderExactlyOnce() throws Exception {
        User host = newUser("Host");
        Instant start = at(70);
        long id = createWorkshop(host, false, null, start);
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            User u = newUser("U" + i);
            rsvp(id, u);
            users.add(u);
        }
        moveTo(start, 60);
        Reminders a = reminders;
        Reminders b = otherNode();
        CyclicBarrier go = new CyclicBarrier(2);
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (Reminders r : List.of(a, b)) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                int sent = 0;
                try {
                    go.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < 3; i++) {
                    sent += r.runOnce();
                }
                return sent;
            }));
        }
        int total = runs.get(0).get() + runs.get(1).get();
        assertThat(total).isGreaterThanOrEqualTo(users.size()); // other tests' workshops may be due too
        for (User u : users) {
            assertThat(reminded(u, id)).as(u.name()).containsExactly(60);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM workshop_reminders WHERE workshop_id = ? AND sent_at IS NOT NULL")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isEqualTo(users.size());
    }
}
