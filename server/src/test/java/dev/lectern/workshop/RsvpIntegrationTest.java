package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** RSVPs and invitations (CONTRACT §3): capacity under concurrency, privacy, withdrawal, bans, notices. */
class RsvpIntegrationTest extends IntegrationTest {

    @Autowired
    AttendeeRepository attendees;

    @Test
    void capacityHoldsUnderConcurrentRsvps() throws Exception {
        int capacity = 5;
        User host = newUser("Host");
        long id = createWorkshop(host, false, capacity);
        List<User> users = new ArrayList<>();
        for (int i = 0; i < capacity + 5; i++) {
            users.add(newUser("Rsvp" + i));
        }

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(users.size())) {
            for (User u : users) {
                results.add(pool.submit(() -> {
                    go.await();
                    return api.post(path(id) + "/rsvp", u.token(), null);
                }));
            }
            go.countDown();
            int ok = 0;
            int full = 0;
            for (Future<Api.Response> f : results) {
                Api.Response r = f.get();
                if (r.status() == 200) {
                    assertThat(r.json().get("status").asString()).isEqualTo("rsvp");
                    ok++;
                } else {
                    assertProblem(r, 409, "full");
                    full++;
                }
            }
            assertThat(ok).isEqualTo(capacity);
            assertThat(full).isEqualTo(5);
        }
        assertThat(workshop(id, host).get("attendeeCount").asInt()).isEqualTo(capacity);
        assertThat(attendees.countSignedUp(id)).isEqualTo(capacity);

        // a withdrawal frees exactly one seat
        User in = users.stream()
                .filter(u -> attendees.find(id, u.id()).isPresent())
                .findFirst()
                .orElseThrow();
        List<User> out =
                users.stream().filter(u -> attendees.find(id, u.id()).isEmpty()).toList();
        assertThat(api.delete(path(id) + "/rsvp", in.token()).status()).isEqualTo(204);
        assertThat(api.post(path(id) + "/rsvp", out.get(0).token(), null).status())
                .isEqualTo(200);
        assertProblem(api.post(path(id) + "/rsvp", out.get(1).token(), null), 409, "full");

        // invitations take no seat, but an invitee cannot RSVP past the cap either
        User invitee = newUser("Invitee");
        assertThat(invite(id, host, invitee.id()).status()).isEqualTo(200);
        assertProblem(api.post(path(id) + "/rsvp", invitee.token(), null), 409, "full");
        assertThat(attendees.find(id, invitee.id()).orElseThrow().status()).isEqualTo(AttendeeStatus.INVITED);
        assertThat(workshop(id, host).get("attendeeCount").asInt()).isEqualTo(capacity);
    }

    @Test
    void privateWorkshopTakesInvitedUsersOnly() {
        User host = newUser("Host");
        User stranger = newUser("Stranger");
        User invited = newUser("Invited");
        long id = createWorkshop(host, true, null);

        assertProblem(api.post(path(id) + "/rsvp", stranger.token(), null), 404, "not_found");
        assertProblem(api.get(path(id), stranger.token()), 404, "not_found");
        assertThat(attendees.find(id, stranger.id())).isEmpty();

        assertThat(invite(id, host, invited.id()).json().get("invited").get(0).asLong())
                .isEqualTo(invited.id());
        assertThat(api.get(path(id), invited.token()).status()).isEqualTo(200);
        Api.Response r = api.post(path(id) + "/rsvp", invited.token(), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("workshopId").asLong()).isEqualTo(id);
        assertThat(r.json().get("userId").asLong()).isEqualTo(invited.id());
        assertThat(r.json().get("status").asString()).isEqualTo("rsvp");
        assertThat(workshop(id, host).get("attendeeCount").asInt()).isEqualTo(1);
    }

    @Test
    void withdrawingReturnsAnInviteeToInvitedAndDeletesAPlainRsvp() {
        User host = newUser("Host");
        User invited = newUser("Invited");
        User walkIn = newUser("WalkIn");
        long id = createWorkshop(host, false, null);
        invite(id, host, invited.id());
        assertThat(api.post(path(id) + "/rsvp", invited.token(), null).status()).isEqualTo(200);
        assertThat(api.post(path(id) + "/rsvp", walkIn.token(), null).status()).isEqualTo(200);
        assertThat(workshop(id, host).get("attendeeCount").asInt()).isEqualTo(2);

        assertThat(api.delete(path(id) + "/rsvp", invited.token()).status()).isEqualTo(204);
        assertThat(api.delete(path(id) + "/rsvp", walkIn.token()).status()).isEqualTo(204);

        assertThat(attendanceStatus(id, host, invited)).isEqualTo("invited");
        assertThat(attendanceStatus(id, host, walkIn))
                .as("a plain RSVP is deleted")
                .isNull();
        assertThat(workshop(id, host).get("attendeeCount").asInt()).isZero();

        // nothing left to withdraw is not an error; and either may sign up again
        assertThat(api.delete(path(id) + "/rsvp", walkIn.token()).status()).isEqualTo(204);
        assertThat(api.delete(path(id) + "/rsvp", invited.token()).status()).isEqualTo(204);
        assertThat(attendanceStatus(id, host, invited)).isEqualTo("invited");
        assertThat(api.post(path(id) + "/rsvp", invited.token(), null).status()).isEqualTo(200);
        assertThat(api.post(path(id) + "/rsvp", walkIn.token(), null).status()).isEqualTo(200);
        assertThat(workshop(id, host).get("attendeeCount").asInt()).isEqualTo(2);
    }

    @Test
    void withdrawingFromAPrivateWorkshopKeepsTheInvitation() {
        User host = newUser("Host");
        User invited = newUser("Invited");
        long id = createWorkshop(host, true, null);
        invite(id, host, invited.id());
        assertThat(api.post(path(id) + "/rsvp", invited.token(), null).status()).isEqualTo(200);
        assertThat(api.delete(path(id) + "/rsvp", invited.token()).status()).isEqualTo(204);
        assertThat(attendanceStatus(id, host, invited)).isEqualTo("invited");
        assertThat(api.get(path(id), invited.token()).status())
                .as("still sees the private workshop")
                .isEqualTo(200);
    }

    @Test
    void rsvpIsIdempotent() {
        User host = newUser("Host");
        User user = newUser("Twice");
        long id = createWorkshop(host, false, 1);
        for (int i = 0; i < 3; i++) {
            Api.Response r = api.post(path(id) + "/rsvp", user.token(), null);
            assertThat(r.status()).as("RSVP #%d: %s", i + 1, r).isEqualTo(200);
            assertThat(r.json().get("status").asString()).isEqualTo("rsvp");
        }
        // a repeat neither counts twice nor trips the cap of one
        assertThat(workshop(id, host).get("attendeeCount").asInt()).isEqualTo(1);
        assertThat(attendanceStatus(id, host, user)).isEqualTo("rsvp");
    }

    @Test
    void rsvpFollowsTheWorkshopsStatus() {
        User host = newUser("Host");
        // open and running workshops still take sign-ups
        long live = createWorkshop(host, false, null);
        assertThat(api.post(path(live) + "/start", host.token(), null).status()).isEqualTo(200);
        assertThat(api.post(path(live) + "/rsvp", newUser("Late").token(), null).status())
                .isEqualTo(200);

        long ended = createWorkshop(host, false, null);
        assertThat(api.post(path(ended) + "/start", host.token(), null).status())
                .isEqualTo(200);
        assertThat(api.post(path(ended) + "/end", host.token(), null).status()).isEqualTo(200);
        User tooLate = newUser("TooLate");
        assertProblem(api.post(path(ended) + "/rsvp", tooLate.token(), null), 409, "invalid_transition");
        assertThat(attendees.find(ended, tooLate.id())).isEmpty();

        long cancelled = createWorkshop(host, false, null);
        assertThat(api.post(path(cancelled) + "/cancel", host.token(), null).status())
                .isEqualTo(200);
        assertProblem(api.post(path(cancelled) + "/rsvp", newUser("Nope").token(), null), 409, "invalid_transition");

        // and an invitee cannot RSVP to a cancelled private workshop either
        long privateCancelled = createWorkshop(host, true, null);
        User invitee = newUser("Invitee");
        invite(privateCancelled, host, invitee.id());
        assertThat(api.post(path(privateCancelled) + "/cancel", host.token(), null)
                        .status())
                .isEqualTo(200);
        assertProblem(api.post(path(privateCancelled) + "/rsvp", invitee.token(), null), 409, "invalid_transition");
    }

    @Test
    void removedUsersAreBanned() {
        User host = newUser("Host");
        User removed = newUser("Removed");
        long id = createWorkshop(host, false, null);
        assertThat(api.post(path(id) + "/rsvp", removed.token(), null).status()).isEqualTo(200);
        attendees.remove(id, removed.id(), clock.instant());

        assertProblem(api.post(path(id) + "/rsvp", removed.token(), null), 409, "banned");
        assertProblem(api.delete(path(id) + "/rsvp", removed.token()), 409, "banned");
        // a new invitation does not lift the ban
        assertThat(invite(id, host, removed.id()).json().get("invited").size()).isZero();
        assertProblem(api.post(path(id) + "/rsvp", removed.token(), null), 409, "banned");
        assertThat(attendanceStatus(id, host, removed)).isEqualTo("removed");
        assertThat(workshop(id, host).get("attendeeCount").asInt()).isZero();
    }

    @Test
    void theHostDoesNotRsvp() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        assertProblem(api.post(path(id) + "/rsvp", host.token(), null), 409, "conflict");
        // nor can they invite themselves
        assertThat(invite(id, host, host.id()).json().get("invited").size()).isZero();
    }

    @Test
    void invitationsNotifyTheInviteesOnce() {
        User host = newUser("Host");
        User a = newUser("A");
        User b = newUser("B");
        long id = createWorkshop(host, true, null);
        String title = workshop(id, host).get("title").asString();

        Api.Response r = api.post(
                path(id) + "/invites", host.token(), Api.json(Map.of("userIds", List.of(a.id(), b.id(), a.id()))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("invited").valueStream().map(JsonNode::asLong).toList())
                .containsExactly(a.id(), b.id());

        for (User u : List.of(a, b)) {
            List<JsonNode> invites = notifications(u, "workshop_invite", false);
            assertThat(invites).as("invites of %s", u.name()).hasSize(1);
            JsonNode n = invites.get(0);
            assertThat(n.get("payload").get("workshopId").asLong()).isEqualTo(id);
            assertThat(n.get("payload").get("title").asString()).isEqualTo(title);
            assertThat(n.get("payload").get("invitedBy").asLong()).isEqualTo(host.id());
            assertThat(n.get("readAt").isNull()).isTrue();
            assertThat(n.get("createdAt").isNull()).isFalse();
        }

        // inviting again notifies nobody twice; a co-host's invitation notifies the new invitee
        invite(id, host, a.id());
        assertThat(notifications(a, "workshop_invite", false)).hasSize(1);
        User coHost = newUser("CoHost");
        invite(id, host, coHost.id());
        assertThat(api.post(path(id) + "/rsvp", coHost.token(), null).status()).isEqualTo(200);
        attendees.setCoHost(id, coHost.id(), true);
        User c = newUser("C");
        assertThat(invite(id, coHost, c.id()).status()).isEqualTo(200);
        assertThat(notifications(c, "workshop_invite", false))
                .singleElement()
                .satisfies(n ->
                        assertThat(n.get("payload").get("invitedBy").asLong()).isEqualTo(coHost.id()));

        // reading one takes it off the unread list
        long noticeId =
                notifications(a, "workshop_invite", true).get(0).get("id").asLong();
        Api.Response read = api.post("/api/notifications/" + noticeId + "/read", a.token(), null);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().get("readAt").isNull()).isFalse();
        assertThat(notifications(a, "workshop_invite", true)).isEmpty();
        // and nobody reads another's notifications
        assertProblem(api.post("/api/notifications/" + noticeId + "/read", b.token(), null), 404, "not_found");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static String path(long id) {
        return "/api/workshops/" + id;
    }

    private Api.Response invite(long id, User by, long... userIds) {
        List<Long> ids = new ArrayList<>();
        for (long u : userIds) {
            ids.add(u);
        }
        Api.Response r = api.post(path(id) + "/invites", by.token(), Api.json(Map.of("userIds", ids)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    private JsonNode workshop(long id, User host) {
        Api.Response r = api.get(path(id), host.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** The user's line in the host's attendance report; null if they have none. */
    private String attendanceStatus(long id, User host, User user) {
        Api.Response r = api.get(path(id) + "/attendance", host.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json()
                .get("items")
                .valueStream()
                .filter(line -> line.get("userId").asLong() == user.id())
                .map(line -> line.get("status").asString())
                .findFirst()
                .orElse(null);
    }

    private List<JsonNode> notifications(User user, String type, boolean unread) {
        Api.Response r = api.get("/api/notifications?limit=200&unread=" + unread, user.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json()
                .get("items")
                .valueStream()
                .filter(n -> n.get("type").asString().equals(type))
                .toList();
    }

    private static void assertProblem(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.isProblem()).as("problem+json: %s", r.contentType()).isTrue();
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }
}
