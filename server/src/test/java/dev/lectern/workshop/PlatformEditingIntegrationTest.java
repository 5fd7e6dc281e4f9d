package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import dev.lectern.support.SocketClient;
import dev.lectern.support.UpdatedEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** PATCH, un-invite and bans (CONTRACT §7.1) through the real REST edge, database and socket room. */
class PlatformEditingIntegrationTest extends IntegrationTest {

    @Autowired
    UpdatedEvents updated;

    @Autowired
    AttendeeRepository attendees;

    private Api.Response patch(long id, User who, String body) {
        return api.send("PATCH", "/api/workshops/" + id, who.token(), body);
    }

    @Test
    void aPatchChangesOnlyWhatItNamesClearsClearablesAndPublishesTheChangedFields() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, 50);
        Api.Response r = patch(
                id,
                host,
                "{\"title\":\"  New title \",\"description\":null,\"maxAttendees\":null,\"qaMode\":\"moderated\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode w = r.json();
        assertThat(w.get("title").asString()).isEqualTo("New title");
        assertThat(w.get("description").isNull()).isTrue();
        assertThat(w.get("maxAttendees").isNull()).isTrue();
        assertThat(w.get("qaMode").asString()).isEqualTo("moderated");
        assertThat(w.get("durationMinutes").asInt()).isEqualTo(60);
        assertThat(updated.of(id)).hasSize(1);
        WorkshopUpdated e = updated.of(id).get(0);
        assertThat(e.changed()).containsExactlyInAnyOrder("title", "description", "maxAttendees", "qaMode");
        assertThat(e.before().title()).isEqualTo("Workshop by Host");
        JsonNode read = api.get("/api/workshops/" + id, host.token()).json();
        assertThat(read.get("title").asString()).isEqualTo("New title");
    }

    @Test
    void hostileOrMeaninglessPatchesAre400AndChangeNothing() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        for (String body : List.of(
                "{}",
                "[]",
                "\"x\"",
                "{\"title\":null}",
                "{\"status\":\"live\"}",
                "{\"title\":\"\"}",
                "{\"durationMinutes\":0}",
                "{\"durationMinutes\":\"60\"}",
                "{\"admission\":\"closed\"}",
                "{\"scheduledStart\":\"yesterday\"}",
                "{\"scheduledStart\":\"2000-01-01T00:00:00Z\"}",
                "{\"maxAttendees\":1e3}",
                "{\"isPrivate\":\"true\"}",
                "{\"categoryId\":-1}",
                "{\"title\":\"ok\",\"hostId\":5}",
                "{\"title\":",
                "{\"qaAnonymous\":null}")) {
            Api.Response r = patch(id, host, body);
            assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(400);
            assertThat(r.code()).as(body).isEqualTo("invalid_payload");
        }
        assertThat(api.send("PATCH", "/api/workshops/" + id, host.token(), null).status())
                .isIn(400, 415);
        assertThat(api.get("/api/workshops/" + id, host.token())
                        .json()
                        .get("title")
                        .asString())
                .isEqualTo("Workshop by Host");
    }

    @Test
    void rightsStatesAndCapacityAreChecked() {
        User host = newUser("Host");
        User stranger = newUser("Stranger");
        User a = newUser("A");
        User b = newUser("B");
        long id = createWorkshop(host, false, null);
        assertThat(patch(id, stranger, "{\"title\":\"x\"}").code()).isEqualTo("forbidden");
        api.post("/api/workshops/" + id + "/rsvp", a.token(), null);
        api.post("/api/workshops/" + id + "/rsvp", b.token(), null);
        Api.Response tooSmall = patch(id, host, "{\"maxAttendees\":1}");
        assertThat(tooSmall.status()).isEqualTo(409);
        assertThat(tooSmall.code()).isEqualTo("conflict");
        assertThat(patch(id, host, "{\"maxAttendees\":2}").status()).isEqualTo(200);

        api.post("/api/workshops/" + id + "/start", host.token(), null);
        Api.Response time = patch(id, host, "{\"durationMinutes\":90}");
        assertThat(time.status()).isEqualTo(409);
        assertThat(time.code()).isEqualTo("invalid_state");
        assertThat(patch(id, host, "{\"title\":\"Live title\"}").status()).isEqualTo(200);
        api.post("/api/workshops/" + id + "/end", host.token(), null);
        assertThat(patch(id, host, "{\"title\":\"After\"}").code()).isEqualTo("invalid_state");
    }

    @Test
    void aRescheduleNotifiesRsvpdAndInvitedUsersAndTheRoomHearsTheUpdate() throws Exception {
        User host = newUser("Host");
        User rsvpd = newUser("Rsvpd");
        User invited = newUser("Invited");
        long id = createWorkshop(host, false, null);
        api.post("/api/workshops/" + id + "/rsvp", rsvpd.token(), null);
        api.post("/api/workshops/" + id + "/invites", host.token(), Api.json(Map.of("userIds", List.of(invited.id()))));
        JsonNode before = api.get("/api/workshops/" + id, host.token()).json();
        try (SocketClient watcher = SocketClient.connect(socketUrl(), rsvpd.token())) {
            assertThat(watcher.call("workshop:join", Map.of("workshopId", id))
                            .get("ok")
                            .asBoolean())
                    .isTrue();
            Instant newStart =
                    clock.instant().plus(Duration.ofHours(5)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Api.Response r = patch(id, host, "{\"scheduledStart\":\"" + newStart + "\",\"durationMinutes\":45}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode event = watcher.next("workshop:updated");
            assertThat(event.get("workshop").get("id").asLong()).isEqualTo(id);
            assertThat(Instant.parse(event.get("workshop").get("scheduledStart").asString()))
                    .isEqualTo(newStart);
            assertThat(event.get("workshop").get("durationMinutes").asInt()).isEqualTo(45);
            for (User u : List.of(rsvpd, invited)) {
                JsonNode n = notification(u, "workshop_rescheduled");
                assertThat(n.get("payload").get("workshopId").asLong()).isEqualTo(id);
                assertThat(Instant.parse(n.get("payload").get("scheduledStart").asString()))
                        .isEqualTo(newStart);
                assertThat(Instant.parse(n.get("payload").get("previousStart").asString()))
                        .isEqualTo(Instant.parse(before.get("scheduledStart").asString()));
                assertThat(n.get("payload").get("title").asString()).isEqualTo("Workshop by Host");
            }
        }
        assertThat(notificationOrNull(host, "workshop_rescheduled")).isNull();
    }

    @Test
    void goingLiveNotifiesRsvpdAndInvitedUsers() {
        User host = newUser("Host");
        User rsvpd = newUser("Rsvpd");
        User invited = newUser("Invited");
        long id = createWorkshop(host, false, null);
        api.post("/api/workshops/" + id + "/rsvp", rsvpd.token(), null);
        api.post("/api/workshops/" + id + "/invites", host.token(), Api.json(Map.of("userIds", List.of(invited.id()))));
        api.post("/api/workshops/" + id + "/start", host.token(), null);
        for (User u : List.of(rsvpd, invited)) {
            JsonNode n = notification(u, "workshop_live");
            assertThat(n.get("payload").get("workshopId").asLong()).isEqualTo(id);
            assertThat(n.get("payload").get("title").asString()).isEqualTo("Workshop by Host");
        }
    }

    @Test
    void withdrawingAPrivateInvitationEndsTheRsvpAndTakesThePresentUserOutOfTheRoom() throws Exception {
        User host = newUser("Host");
        User guest = newUser("Guest");
        User other = newUser("Other");
        long id = createWorkshop(host, true, null);
        api.post(
                "/api/workshops/" + id + "/invites",
                host.token(),
                Api.json(Map.of("userIds", List.of(guest.id(), other.id()))));
        api.post("/api/workshops/" + id + "/rsvp", guest.token(), null);
        api.post("/api/workshops/" + id + "/start", host.token(), null);
        try (SocketClient hostSocket = SocketClient.connect(socketUrl(), host.token());
                SocketClient guestSocket = SocketClient.connect(socketUrl(), guest.token())) {
            hostSocket.call("workshop:join", Map.of("workshopId", id));
            assertThat(guestSocket
                            .call("workshop:join", Map.of("workshopId", id))
                            .get("ok")
                            .asBoolean())
                    .isTrue();
            hostSocket.next("workshop:user-joined");
            Api.Response r = api.delete("/api/workshops/" + id + "/invites/" + guest.id(), host.token());
            assertThat(r.status()).as(r.body()).isEqualTo(204);
            assertThat(hostSocket.next("workshop:user-left").get("userId").asLong())
                    .isEqualTo(guest.id());
            // out of the room: the guest hears nothing the room says next
            api.send("PATCH", "/api/workshops/" + id, host.token(), "{\"title\":\"After the guest\"}");
            hostSocket.next("workshop:updated");
            assertThat(guestSocket.receives("workshop:updated", Duration.ofMillis(300)))
                    .isFalse();
        }
        // private: no invitation, no access; attendance stays recorded
        assertThat(api.get("/api/workshops/" + id, guest.token()).status()).isIn(200, 404);
        Attendee a = attendees.find(id, guest.id()).orElseThrow();
        assertThat(a.firstJoinedAt()).isNotNull();
        assertThat(a.status()).isEqualTo(AttendeeStatus.LEFT);
        assertThat(a.invitedAt()).isNull();
        // an invitation that never was, or is gone, is 404
        assertThat(api.delete("/api/workshops/" + id + "/invites/" + guest.id(), host.token())
                        .status())
                .isEqualTo(404);
        assertThat(api.delete("/api/workshops/" + id + "/invites/" + newUserId(), host.token())
                        .status())
                .isEqualTo(404);
        // an invited user who never came has no record at all
        assertThat(api.delete("/api/workshops/" + id + "/invites/" + other.id(), host.token())
                        .status())
                .isEqualTo(204);
        assertThat(attendees.find(id, other.id())).isEmpty();
        assertThat(api.get("/api/workshops/" + id, other.token()).status()).isEqualTo(404);
    }

    @Test
    void onAPublicWorkshopTheRsvpStaysWhenTheInvitationGoes() {
        User host = newUser("Host");
        User guest = newUser("Guest");
        User stranger = newUser("Stranger");
        long id = createWorkshop(host, false, null);
        api.post("/api/workshops/" + id + "/invites", host.token(), Api.json(Map.of("userIds", List.of(guest.id()))));
        api.post("/api/workshops/" + id + "/rsvp", guest.token(), null);
        assertThat(api.delete("/api/workshops/" + id + "/invites/" + guest.id(), stranger.token())
                        .code())
                .isEqualTo("forbidden");
        assertThat(api.delete("/api/workshops/" + id + "/invites/" + guest.id(), host.token())
                        .status())
                .isEqualTo(204);
        Attendee a = attendees.find(id, guest.id()).orElseThrow();
        assertThat(a.status()).isEqualTo(AttendeeStatus.RSVP);
        assertThat(a.invitedAt()).isNull();
    }

    @Test
    void aCoHostCannotUninviteAnotherCoHost() {
        User host = newUser("Host");
        User co1 = newUser("Co1");
        User co2 = newUser("Co2");
        long id = createWorkshop(host, false, null);
        api.post(
                "/api/workshops/" + id + "/invites",
                host.token(),
                Api.json(Map.of("userIds", List.of(co1.id(), co2.id()))));
        attendees.setCoHost(id, co1.id(), true);
        attendees.setCoHost(id, co2.id(), true);
        assertThat(api.delete("/api/workshops/" + id + "/invites/" + co2.id(), co1.token())
                        .code())
                .isEqualTo("forbidden");
        assertThat(api.delete("/api/workshops/" + id + "/invites/" + co2.id(), host.token())
                        .status())
                .isEqualTo(204);
    }

    @Test
    void bansAreListedWithWhoAndWhenAndLiftingOneGivesNothingBack() {
        User host = newUser("Host");
        User invited = newUser("Invited");
        User walkIn = newUser("WalkIn");
        User stranger = newUser("Stranger");
        long id = createWorkshop(host, false, null);
        api.post("/api/workshops/" + id + "/invites", host.token(), Api.json(Map.of("userIds", List.of(invited.id()))));
        api.post("/api/workshops/" + id + "/rsvp", walkIn.token(), null);
        attendees.setCoHost(id, invited.id(), true);
        api.get("/api/notifications", invited.token()); // first contact sets the display name
        Instant t = clock.instant();
        attendees.remove(id, invited.id(), t, host.id());
        attendees.remove(id, walkIn.id(), t.plusSeconds(1), host.id());

        assertThat(api.get("/api/workshops/" + id + "/bans", stranger.token()).code())
                .isEqualTo("forbidden");
        JsonNode items =
                api.get("/api/workshops/" + id + "/bans", host.token()).json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("userId").asLong()).isEqualTo(invited.id());
        assertThat(items.get(0).get("displayName").asString()).isEqualTo("Invited");
        assertThat(items.get(0).get("removedBy").asLong()).isEqualTo(host.id());
        assertThat(items.get(0).get("removedAt").asString()).isNotBlank();
        assertThat(api.post("/api/workshops/" + id + "/rsvp", walkIn.token(), null)
                        .code())
                .isEqualTo("banned");

        assertThat(api.delete("/api/workshops/" + id + "/bans/" + invited.id(), host.token())
                        .status())
                .isEqualTo(204);
        Attendee back = attendees.find(id, invited.id()).orElseThrow();
        assertThat(back.status()).isEqualTo(AttendeeStatus.INVITED);
        assertThat(back.coHost()).isFalse();
        assertThat(back.canSpeak()).isFalse();
        assertThat(api.delete("/api/workshops/" + id + "/bans/" + walkIn.id(), host.token())
                        .status())
                .isEqualTo(204);
        assertThat(attendees.find(id, walkIn.id())).isEmpty();
        assertThat(api.post("/api/workshops/" + id + "/rsvp", walkIn.token(), null)
                        .status())
                .isEqualTo(200);
        assertThat(api.delete("/api/workshops/" + id + "/bans/" + walkIn.id(), host.token())
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/workshops/" + id + "/bans", host.token())
                        .json()
                        .get("items"))
                .isEmpty();
    }

    private JsonNode notification(User u, String type) {
        JsonNode n = notificationOrNull(u, type);
        assertThat(n).as(type + " for " + u.name()).isNotNull();
        return n;
    }

    private JsonNode notificationOrNull(User u, String type) {
        List<JsonNode> found = new ArrayList<>();
        api.get("/api/notifications", u.token()).json().get("items").forEach(n -> {
            if (n.get("type").asString().equals(type)) {
                found.add(n);
            }
        });
        assertThat(found.size()).as("at most one " + type).isLessThanOrEqualTo(1);
        return found.isEmpty() ? null : found.get(0);
    }
}
