package dev.lectern.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.rtc.AccessToken2;
import dev.lectern.rtc.TokenService;
import dev.lectern.support.Api;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Recording follows the workshop through Agora's REST API (the local stub), whatever Agora does, and
 * never slows the workshop's own transitions. Retries run with 50 ms backoffs and a 2 s timeout here.
 */
class RecordingLifecycleIntegrationTest extends AgoraConfiguredTest {

    private static final String RECORDER_UID = "4294967295";

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    JdbcClient jdbc;

    @Test
    void goingLiveStartsARecordingAndEndingStopsIt() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        String channel = channel(id, host);
        scriptStart("res-1", "sid-" + id);
        AGORA.reply("stop", 200, stopFiles("sid-" + id, channel));

        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null).status()).isEqualTo(200);
        awaitRecordingStatus(id, host, "recording");

        var acquire = AGORA.calls("acquire", channel);
        assertThat(acquire).hasSize(1);
        assertThat(acquire.get(0).body().path("uid").asString()).isEqualTo(RECORDER_UID);
        JsonNode start = AGORA.calls("start", channel).get(0).body();
        assertThat(start.path("uid").asString()).isEqualTo(RECORDER_UID);
        assertThat(start.at("/clientRequest/recordingFileConfig/avFileType").values())
                .extracting(JsonNode::asString).containsExactly("hls", "mp4");
        assertThat(start.at("/clientRequest/storageConfig/bucket").asString()).isEqualTo("lectern-test");
        var token = AccessToken2.parse(start.at("/clientRequest/token").asString());
        assertThat(token.verify(APP_CERTIFICATE)).isTrue();
        var rtc = (TokenService.Rtc) token.services().get(0);
        assertThat(rtc.channelName()).isEqualTo(channel);
        assertThat(rtc.uid()).isEqualTo(RECORDER_UID);
        assertThat(token.expire()).isEqualTo(86_400L);

        assertThat(api.post("/api/workshops/" + id + "/end", host.token(), null).status()).isEqualTo(200);
        awaitRecordingStatus(id, host, "stopped");
        var stop = AGORA.calls("stop", channel);
        assertThat(stop).hasSize(1);
        assertThat(AgoraStub.segments(stop.get(0))).containsExactly("res-1", "sid-" + id);
        assertThat(AGORA.violations()).isEmpty();
    }

    @Test
    void requestNotCompletedIsRetriedUntilTheRecordingStarts() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        AGORA.reply("acquire", 200, "{\"resourceId\":\"res-2\"}")
                .reply("start", 206, "{\"code\":65,\"reason\":\"request not completed\"}")
                .reply("start", 200, "{\"sid\":\"sid-" + id + "\"}");

        api.post("/api/workshops/" + id + "/start", host.token(), null);

        awaitRecordingStatus(id, host, "recording");
        assertThat(AGORA.calls("start", channel(id, host))).hasSize(2);
    }

    @Test
    void alreadyStartedWithoutASidIsAFailedRecording() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        AGORA.reply("acquire", 200, "{\"resourceId\":\"res-3\"}").reply("start", 201, "{\"code\":7,\"reason\":\"already started\"}");

        api.post("/api/workshops/" + id + "/start", host.token(), null);

        awaitRecordingStatus(id, host, "failed");
        assertThat(AGORA.calls("start", channel(id, host))).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedThenTheRecordingFails() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        for (int i = 0; i < 4; i++) {
            AGORA.reply("acquire", 500, "{\"code\":501,\"reason\":\"no_worker_manager_available\"}");
        }

        api.post("/api/workshops/" + id + "/start", host.token(), null);

        awaitRecordingStatus(id, host, "failed");
        assertThat(AGORA.calls("acquire", channel(id, host))).hasSize(4); // first try + 3 retries
        assertThat(AGORA.calls("start")).isEmpty();
    }

    @Test
    void malformedJsonFromAgoraFailsTheRecordingNotTheWorkshop() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        AGORA.reply("acquire", 200, "{\"resourceId\":\"res-5\"}").reply("start", 200, "{not json");

        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null).status()).isEqualTo(200);

        awaitRecordingStatus(id, host, "failed");
        assertThat(api.get("/api/workshops/" + id, host.token()).json().get("status").asString()).isEqualTo("live");
    }

    @Test
    void aHangingAgoraDoesNotSlowStartOrEnd() {
        User host = newUser("Host");
        // baseline: Agora refuses at once
        long fast = createWorkshop(host, false, null);
        AGORA.reply("acquire", 400, "{\"code\":2,\"reason\":\"invalid parameter\"}");
        long fastStart = timed(() -> api.post("/api/workshops/" + fast + "/start", host.token(), null));
        awaitRecordingStatus(fast, host, "failed");
        long fastEnd = timed(() -> api.post("/api/workshops/" + fast + "/end", host.token(), null));

        long slow = createWorkshop(host, false, null);
        for (int i = 0; i < 4; i++) {
            AGORA.hang("acquire");
        }
        long slowStart = timed(() -> api.post("/api/workshops/" + slow + "/start", host.token(), null));
        long slowEnd = timed(() -> api.post("/api/workshops/" + slow + "/end", host.token(), null));
        System.out.printf("start/end latency: Agora refusing %d/%d ms, Agora hanging %d/%d ms%n", fastStart, fastEnd, slowStart, slowEnd);

        assertThat(slowStart).isLessThan(1000);
        assertThat(slowEnd).isLessThan(1000);
        // four attempts time out after 2 s each; the workshop ended meanwhile and the recording gives up
        awaitRecordingStatus(slow, host, "failed", Duration.ofSeconds(30));
        assertThat(api.get("/api/workshops/" + slow, host.token()).json().get("status").asString()).isEqualTo("ended");
    }

    @Test
    void aWorkshopEndedBeforeItsRecordingStartedStillStopsIt() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        String channel = channel(id, host);
        AGORA.reply("acquire", 200, "{\"resourceId\":\"res-7\"}")
                .replyAfter(Duration.ofSeconds(1), "start", 200, "{\"sid\":\"sid-" + id + "\"}")
                .reply("stop", 200, stopFiles("sid-" + id, channel));

        api.post("/api/workshops/" + id + "/start", host.token(), null);
        api.post("/api/workshops/" + id + "/end", host.token(), null);

        awaitRecordingStatus(id, host, "stopped");
        assertThat(AGORA.calls("start", channel)).hasSize(1);
        assertThat(AGORA.calls("stop", channel)).hasSize(1);
    }

    @Test
    void noRecordedDataStopsWithoutAVideo() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        scriptStart("res-8", "sid-" + id);
        AGORA.reply("stop", 206, "{\"code\":435,\"reason\":\"no recorded data\"}");

        api.post("/api/workshops/" + id + "/start", host.token(), null);
        awaitRecordingStatus(id, host, "recording");
        api.post("/api/workshops/" + id + "/end", host.token(), null);

        awaitRecordingStatus(id, host, "stopped");
        clock.advance(Duration.ofMinutes(6));
        reconciliation.run();
        assertThat(api.get("/api/videos?workshopId=" + id, host.token()).json().get("items")).isEmpty();
    }

    @Test
    void aFailedStopIsReconciledFromQueryExactlyOnce() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        String channel = channel(id, host);
        String sid = "sid-" + id;
        scriptStart("res-9", sid);
        for (int i = 0; i < 4; i++) {
            AGORA.reply("stop", 500, "{\"code\":62,\"reason\":\"request timeout\"}");
        }
        api.post("/api/workshops/" + id + "/start", host.token(), null);
        awaitRecordingStatus(id, host, "recording");
        api.post("/api/workshops/" + id + "/end", host.token(), null);
        awaitRecordingStatus(id, host, "failed");

        AGORA.reply("query", 200, """
                {"resourceId":"res-9","sid":"%1$s","serverResponse":{"status":7,"fileListMode":"json","fileList":[
                  {"fileName":"%1$s_%2$s_0.mp4","trackType":"audio_and_video","uid":"0","mixedAllUser":true,"isPlayable":true,"sliceStartTime":1700000000000}]}}
                """.formatted(sid, channel));
        clock.advance(Duration.ofMinutes(6));
        reconciliation.run();
        reconciliation.run();

        var videos = api.get("/api/videos?workshopId=" + id, host.token()).json().get("items");
        assertThat(videos).hasSize(1);
        assertThat(videos.get(0).get("url").asString()).endsWith(sid + "_" + channel + "_0.mp4");
        // the second run found the video and asked nothing
        assertThat(AGORA.calls("query").stream().filter(c -> AgoraStub.segments(c).contains(sid))).hasSize(1);
    }

    private void scriptStart(String resourceId, String sid) {
        AGORA.reply("acquire", 200, "{\"resourceId\":\"" + resourceId + "\"}").reply("start", 200, "{\"sid\":\"" + sid + "\"}");
    }

    static String stopFiles(String sid, String channel) {
        return """
                {"serverResponse":{"uploadingStatus":"uploaded","fileListMode":"json","fileList":[
                  {"fileName":"%1$s_%2$s_0.mp4","trackType":"audio_and_video","uid":"0","mixedAllUser":true,"isPlayable":true,"sliceStartTime":1700000000000},
                  {"fileName":"%1$s_%2$s.m3u8","trackType":"audio_and_video","uid":"0","mixedAllUser":true,"isPlayable":true,"sliceStartTime":1700000000000}]}}
                """.formatted(sid, channel);
    }

    private String channel(long id, User user) {
        return api.get("/api/workshops/" + id, user.token()).json().get("agoraChannel").asString();
    }

    private void awaitRecordingStatus(long id, User user, String expected) {
        awaitRecordingStatus(id, user, expected, Duration.ofSeconds(15));
    }

    private void awaitRecordingStatus(long id, User user, String expected, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        String status = null;
        while (Instant.now().isBefore(deadline)) {
            status = api.get("/api/workshops/" + id, user.token()).json().get("recordingStatus").asString();
            if (status.equals(expected)) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("recordingStatus stayed " + status + ", expected " + expected + "; calls " + AGORA.calls("acquire").size());
    }

    private static long timed(java.util.function.Supplier<Api.Response> call) {
        long t0 = System.nanoTime();
        Api.Response response = call.get();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
