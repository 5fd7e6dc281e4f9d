package dev.lectern.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.AgoraIntegrationTest;
import dev.lectern.support.Api.Response;
import dev.lectern.workshop.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/workshops/{id}/token} with Agora configured: every token is decoded and checked
 * field by field (app id, channel, uid, privileges for the caller's role, lifetime, signature), and
 * every refusal of the contract is exercised.
 */
class TokenEndpointIntegrationTest extends AgoraIntegrationTest {

    /** LECTERN_TOKEN_TTL_SECONDS is not set in tests, so the default applies. */
    static final int TTL = 3600;

    static final Set<Integer> PUBLISHER = Set.of(1, 2, 3, 4);
    static final Set<Integer> SUBSCRIBER = Set.of(1);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Lifecycle lifecycle;

    @Test
    void eachRoleGetsATokenForItsOwnUidWithItsPrivileges() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        User coHost = rsvp(id, newUser("CoHost"));
        User speaker = rsvp(id, newUser("Speaker"));
        User listener = rsvp(id, newUser("Listener"));
        User invited = newUser("Invited");
        assertThat(api.post("/api/workshops/" + id + "/invites", host.token(), "{\"userIds\":[" + invited.id() + "]}")
                        .status())
                .isEqualTo(200);
        jdbc.sql(
                        "UPDATE workshop_attendees SET is_co_host = TRUE, can_speak = TRUE WHERE workshop_id = ? AND user_id = ?")
                .params(id, coHost.id())
                .update();
        jdbc.sql("UPDATE workshop_attendees SET can_speak = TRUE WHERE workshop_id = ? AND user_id = ?")
                .params(id, speaker.id())
                .update();
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        String channel = channelOf(id, host);

        assertToken(id, host, channel, "publisher", PUBLISHER);
        assertToken(id, coHost, channel, "publisher", PUBLISHER);
        assertToken(id, speaker, channel, "publisher", PUBLISHER);
        assertToken(id, listener, channel, "subscriber", SUBSCRIBER);
        assertToken(id, invited, channel, "subscriber", SUBSCRIBER);
    }

    @Test
    void coHostWithoutSpeakerFlagIsStillAPublisher() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        User coHost = rsvp(id, newUser("CoHost"));
        jdbc.sql(
                        "UPDATE workshop_attendees SET is_co_host = TRUE, can_speak = FALSE WHERE workshop_id = ? AND user_id = ?")
                .params(id, coHost.id())
                .update();
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);

        assertToken(id, coHost, channelOf(id, host), "publisher", PUBLISHER);
    }

    @Test
    void anApprovedSpeakerGetsPublishRightsWithTheNextTokenAndLosesThemWhenRevoked() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        User raiser = rsvp(id, newUser("Raiser"));
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        String channel = channelOf(id, host);

        assertToken(id, raiser, channel, "subscriber", SUBSCRIBER);
        setCanSpeak(id, raiser, true);
        assertToken(id, raiser, channel, "publisher", PUBLISHER);
        setCanSpeak(id, raiser, false);
        assertToken(id, raiser, channel, "subscriber", SUBSCRIBER);
    }

    @Test
    void tokensAreIssuedInTheLobbyToo() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null, clock.instant().plus(Duration.ofMinutes(5)));
        User member = rsvp(id, newUser("Early"));
        assertThat(lifecycle.openLobbyIfDue(id)).isTrue();
        assertThat(workshop(id, host).get("status").asString()).isEqualTo("lobby");

        assertToken(id, member, channelOf(id, host), "subscriber", SUBSCRIBER);
        assertToken(id, host, channelOf(id, host), "publisher", PUBLISHER);
    }

    @Test
    void twoTokensIssuedInTheSameSecondDiffer() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);

        String first = api.get("/api/workshops/" + id + "/token", host.token())
                .json()
                .get("token")
                .asString();
        String second = api.get("/api/workshops/" + id + "/token", host.token())
                .json()
                .get("token")
                .asString();

        assertThat(first).isNotEqualTo(second);
        assertThat(AccessToken2.parse(first).salt())
                .isNotEqualTo(AccessToken2.parse(second).salt());
    }

    @Test
    void refusals() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        User member = rsvp(id, newUser("Member"));
        User removed = rsvp(id, newUser("Removed"));
        User stranger = newUser("Stranger");

        assertProblem(api.get("/api/workshops/" + id + "/token", member.token()), 409, "invalid_state");
        assertProblem(api.get("/api/workshops/" + id + "/token", host.token()), 409, "invalid_state");

        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        jdbc.sql("UPDATE workshop_attendees SET status = 'removed' WHERE workshop_id = ? AND user_id = ?")
                .params(id, removed.id())
                .update();
        assertProblem(api.get("/api/workshops/" + id + "/token", stranger.token()), 403, "forbidden");
        assertProblem(api.get("/api/workshops/" + id + "/token", removed.token()), 403, "banned");
        assertProblem(api.get("/api/workshops/" + id + "/token", null), 401, "unauthorized");
        assertProblem(api.get("/api/workshops/" + id + "/token", "not-a-jwt"), 401, "unauthorized");
        assertProblem(api.get("/api/workshops/999999999/token", member.token()), 404, "not_found");
        assertThat(api.get("/api/workshops/" + id + "/token", member.token()).status())
                .isEqualTo(200);

        assertThat(api.post("/api/workshops/" + id + "/end", host.token(), null).status())
                .isEqualTo(200);
        assertProblem(api.get("/api/workshops/" + id + "/token", member.token()), 409, "invalid_state");
        assertProblem(api.get("/api/workshops/" + id + "/token", host.token()), 409, "invalid_state");

        long cancelled = createWorkshop(host, false, null);
        rsvp(cancelled, member);
        assertThat(api.post("/api/workshops/" + cancelled + "/cancel", host.token(), null)
                        .status())
                .isEqualTo(200);
        assertProblem(api.get("/api/workshops/" + cancelled + "/token", member.token()), 409, "invalid_state");
    }

    @Test
    void aPrivateWorkshopIsNotFoundForStrangers() {
        User host = newUser("Host");
        long id = createWorkshop(host, true, null);
        User invited = newUser("Invited");
        assertThat(api.post("/api/workshops/" + id + "/invites", host.token(), "{\"userIds\":[" + invited.id() + "]}")
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);

        assertProblem(
                api.get("/api/workshops/" + id + "/token", newUser("Stranger").token()), 404, "not_found");
        assertToken(id, invited, channelOf(id, host), "subscriber", SUBSCRIBER);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private void assertToken(long workshopId, User who, String channel, String role, Set<Integer> privileges) {
        Instant before = clock.instant().minusSeconds(1);
        Response response = api.get("/api/workshops/" + workshopId + "/token", who.token());
        Instant after = clock.instant().plusSeconds(1);
        assertThat(response.status())
                .as("token for %s: %s", who.name(), response)
                .isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("appId").asString()).isEqualTo(APP_ID);
        assertThat(body.get("channel").asString()).isEqualTo(channel);
        assertThat(body.get("uid").isIntegralNumber()).isTrue();
        assertThat(body.get("uid").asLong()).isEqualTo(who.id());
        assertThat(body.get("role").asString()).as("role of %s", who.name()).isEqualTo(role);

        ParsedToken token = AccessToken2.parse(body.get("token").asString());
        assertThat(token.appId()).isEqualTo(APP_ID);
        assertThat(token.verify(APP_CERTIFICATE))
                .as("signature verifies with the App Certificate")
                .isTrue();
        assertThat(token.verify("0123456789abcdef0123456789abcdef"))
                .as("and only with it")
                .isFalse();
        assertThat(Instant.ofEpochSecond(token.issueTs())).isBetween(before, after);
        assertThat(token.expire()).as("lifetime, relative to issueTs").isEqualTo(TTL);
        assertThat(instant(body.get("expiresAt")))
                .isEqualTo(Instant.ofEpochSecond(token.issueTs() + TTL))
                .isEqualTo(token.expiresAt());
        assertThat(token.services()).singleElement().isInstanceOfSatisfying(TokenService.Rtc.class, rtc -> {
            assertThat(rtc.channelName()).isEqualTo(channel);
            assertThat(rtc.uid()).isEqualTo(Long.toString(who.id()));
            assertThat(rtc.privileges().keySet())
                    .as("privileges of %s", who.name())
                    .containsExactlyInAnyOrderElementsOf(privileges);
            assertThat(rtc.privileges().values()).containsOnly((long) TTL);
        });
        assertThat(response.contentType()).startsWith("application/json");
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.isProblem())
                .as("problem+json: %s", response.contentType())
                .isTrue();
        assertThat(response.code()).isEqualTo(code);
    }

    private User rsvp(long workshopId, User who) {
        Response response = api.post("/api/workshops/" + workshopId + "/rsvp", who.token(), null);
        assertThat(response.status()).as("RSVP: %s", response).isEqualTo(200);
        return who;
    }

    private void setCanSpeak(long workshopId, User who, boolean canSpeak) {
        jdbc.sql("UPDATE workshop_attendees SET can_speak = ? WHERE workshop_id = ? AND user_id = ?")
                .params(canSpeak, workshopId, who.id())
                .update();
    }
}
