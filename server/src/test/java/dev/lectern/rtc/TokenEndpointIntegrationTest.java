package dev.lectern.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.recording.AgoraConfiguredTest;
import dev.lectern.workshop.AttendeeRepository;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class TokenEndpointIntegrationTest extends AgoraConfiguredTest {

    private static final Set<Integer> PUBLISHER = Set.of(1, 2, 3, 4);
    private static final Set<Integer> SUBSCRIBER = Set.of(1);

    @Autowired
    AttendeeRepository attendees;

    @Autowired
    JdbcClient jdbc;

    private User host;
    private User coHost;
    private User speaker;
    private User attendee;
    private User invitee;
    private long id;
    private String channel;

    @BeforeEach
    void workshopInItsLobby() {
        host = newUser("Host");
        coHost = newUser("CoHost");
        speaker = newUser("Speaker");
        attendee = newUser("Attendee");
        invitee = newUser("Invitee");
        id = createWorkshop(host, false, null);
        for (User u : new User[] {coHost, speaker, attendee}) {
            api.post("/api/workshops/" + id + "/rsvp", u.token(), null);
        }
        api.post("/api/workshops/" + id + "/invites", host.token(), "{\"userIds\":[" + invitee.id() + "]}");
        attendees.setCoHost(id, coHost.id(), true);
        jdbc.sql("UPDATE workshop_attendees SET can_speak = TRUE WHERE workshop_id = ? AND user_id = ?").params(id, speaker.id()).update();
        jdbc.sql("UPDATE workshops SET status = 'lobby' WHERE id = ?").param(id).update();
        channel = api.get("/api/workshops/" + id, host.token()).json().get("agoraChannel").asString();
    }

    @Test
    void tokensCarryTheChannelTheUidAndTheRolesPrivileges() {
        Map<User, Set<Integer>> expected = Map.of(host, PUBLISHER, coHost, PUBLISHER, speaker, PUBLISHER,
                attendee, SUBSCRIBER, invitee, SUBSCRIBER);
        expected.forEach((user, privileges) -> {
            var response = api.get("/api/workshops/" + id + "/token", user.token());
            assertThat(response.status()).as(user.name() + ": " + response).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(body.get("appId").asString()).isEqualTo(APP_ID);
            assertThat(body.get("channel").asString()).isEqualTo(channel);
            assertThat(body.get("uid").asLong()).isEqualTo(user.id());
            assertThat(body.get("role").asString()).isEqualTo(privileges == PUBLISHER ? "publisher" : "subscriber");

            ParsedToken token = AccessToken2.parse(body.get("token").asString());
            assertThat(token.appId()).isEqualTo(APP_ID);
            assertThat(token.verify(APP_CERTIFICATE)).isTrue();
            assertThat(token.expire()).isEqualTo(3600L);
            assertThat(Instant.parse(body.get("expiresAt").asString())).isEqualTo(Instant.ofEpochSecond(token.issueTs() + 3600L));
            var rtc = (TokenService.Rtc) token.services().get(0);
            assertThat(token.services()).hasSize(1);
            assertThat(rtc.channelName()).isEqualTo(channel);
            assertThat(rtc.uid()).isEqualTo(Long.toString(user.id()));
            assertThat(rtc.privileges().keySet()).as(user.name()).isEqualTo(privileges);
            assertThat(rtc.privileges().values()).allMatch(v -> v == 3600L);
        });
    }

    @Test
    void aNewlyApprovedSpeakerGetsPublisherRightsWithTheirNextToken() {
        assertThat(api.get("/api/workshops/" + id + "/token", attendee.token()).json().get("role").asString()).isEqualTo("subscriber");
        jdbc.sql("UPDATE workshop_attendees SET can_speak = TRUE WHERE workshop_id = ? AND user_id = ?").params(id, attendee.id()).update();
        assertThat(api.get("/api/workshops/" + id + "/token", attendee.token()).json().get("role").asString()).isEqualTo("publisher");
    }

    @Test
    void refusesWhoeverMayNotJoinTheChannel() {
        User stranger = newUser("Stranger");
        assertThat(api.get("/api/workshops/" + id + "/token", stranger.token()).code()).isEqualTo("forbidden");
        attendees.remove(id, attendee.id(), Instant.now());
        var banned = api.get("/api/workshops/" + id + "/token", attendee.token());
        assertThat(banned.status()).isEqualTo(403);
        assertThat(banned.code()).isEqualTo("banned");
        assertThat(api.get("/api/workshops/" + id + "/token", null).status()).isEqualTo(401);

        long hidden = createWorkshop(host, true, null);
        assertThat(api.get("/api/workshops/" + hidden + "/token", stranger.token()).status()).isEqualTo(404);
    }

    @Test
    void tokensExistOnlyInTheLobbyAndWhileLive() {
        long scheduled = createWorkshop(host, false, null);
        var refused = api.get("/api/workshops/" + scheduled + "/token", host.token());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("invalid_state");

        agoraRefusesNextRecording();
        api.post("/api/workshops/" + id + "/start", host.token(), null);
        assertThat(api.get("/api/workshops/" + id + "/token", attendee.token()).status()).isEqualTo(200);
        api.post("/api/workshops/" + id + "/end", host.token(), null);
        assertThat(api.get("/api/workshops/" + id + "/token", host.token()).code()).isEqualTo("invalid_state");
    }
}
