package dev.lectern.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api.Response;
import dev.lectern.support.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The test profile sets no Agora credentials, as a fresh install: workshops go live and end as usual,
 * their recording is {@code skipped}, and media tokens answer 503 {@code rtc_not_configured}.
 */
class RecordingNotConfiguredIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void workshopsRunUnrecordedAndTheRecordingIsSkipped() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        User member = newUser("Member");
        assertThat(api.post("/api/workshops/" + id + "/rsvp", member.token(), null)
                        .status())
                .isEqualTo(200);
        assertThat(status(id, host)).isEqualTo("none");

        long started = System.nanoTime();
        Response start = api.post("/api/workshops/" + id + "/start", host.token(), null);
        Duration startLatency = Duration.ofNanos(System.nanoTime() - started);
        assertThat(start.status()).isEqualTo(200);
        assertThat(start.json().get("status").asString()).isEqualTo("live");
        assertThat(startLatency).isLessThan(Duration.ofSeconds(1));
        AgoraStub.awaitUntil(() -> status(id, host), "skipped"::equals, Duration.ofSeconds(10), () -> status(id, host));
        assertThat(jdbc.sql("SELECT error FROM recordings WHERE workshop_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("recording is not configured");

        assertThat(api.post("/api/workshops/" + id + "/end", host.token(), null).status())
                .isEqualTo(200);
        // the stop task finds nothing to stop; the status stays as it was
        AgoraStub.awaitUntil(() -> status(id, host), "skipped"::equals, Duration.ofSeconds(10), () -> status(id, host));
        assertThat(api.get("/api/workshops/" + id, member.token())
                        .json()
                        .get("recordingStatus")
                        .asString())
                .isEqualTo("skipped");
    }

    @Test
    void tokensAre503ForMembersWhenRtcIsNotConfigured() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        User member = newUser("Member");
        assertThat(api.post("/api/workshops/" + id + "/rsvp", member.token(), null)
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);

        for (User who : new User[] {member, host}) {
            Response token = api.get("/api/workshops/" + id + "/token", who.token());
            assertThat(token.status()).as("%s: %s", who.name(), token).isEqualTo(503);
            assertThat(token.isProblem()).isTrue();
            assertThat(token.code()).isEqualTo("rtc_not_configured");
            assertThat(token.body()).doesNotContain("007");
        }
        // membership is still checked first: a stranger learns nothing about the configuration
        assertThat(api.get(
                                "/api/workshops/" + id + "/token",
                                newUser("Stranger").token())
                        .code())
                .isEqualTo("forbidden");
    }

    private String status(long id, User who) {
        return api.get("/api/workshops/" + id, who.token())
                .json()
                .get("recordingStatus")
                .asString();
    }
}
