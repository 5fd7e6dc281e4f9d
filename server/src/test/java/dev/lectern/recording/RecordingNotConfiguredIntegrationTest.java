package dev.lectern.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.IntegrationTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Without Agora settings workshops still run: recording is skipped, tokens answer 503. */
class RecordingNotConfiguredIntegrationTest extends IntegrationTest {

    @Test
    void goingLiveWithoutAgoraSkipsRecordingAndTokensAreUnavailable() throws Exception {
        User host = newUser("Host");
        User attendee = newUser("Attendee");
        long id = createWorkshop(host, false, null);
        api.post("/api/workshops/" + id + "/rsvp", attendee.token(), null);
        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null).status()).isEqualTo(200);

        Instant deadline = Instant.now().plusSeconds(10);
        String status = "none";
        while (!status.equals("skipped") && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            status = api.get("/api/workshops/" + id, host.token()).json().get("recordingStatus").asString();
        }
        assertThat(status).isEqualTo("skipped");

        var token = api.get("/api/workshops/" + id + "/token", attendee.token());
        assertThat(token.status()).isEqualTo(503);
        assertThat(token.code()).isEqualTo("rtc_not_configured");
        assertThat(api.post("/api/workshops/" + id + "/end", host.token(), null).status()).isEqualTo(200);
    }
}
