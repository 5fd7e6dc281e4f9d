package dev.lectern.recording;

import static dev.lectern.recording.AgoraStub.ACQUIRE;
import static dev.lectern.recording.AgoraStub.QUERY;
import static dev.lectern.recording.AgoraStub.START;
import static dev.lectern.recording.AgoraStub.STOP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.recording.AgoraStub.Call;
import dev.lectern.recording.AgoraStub.Reply;
import dev.lectern.rtc.AccessToken2;
import dev.lectern.rtc.ParsedToken;
import dev.lectern.rtc.TokenService;
import dev.lectern.support.AgoraIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Going live starts the cloud recording and ending stops it, against a local Agora that follows the
 * REST contract and plays the failure matrix: what Agora answers decides {@code recordingStatus},
 * the stub counts the attempts, and start/end answer just as fast whatever Agora does.
 */
class RecordingLifecycleIntegrationTest extends AgoraIntegrationTest {

    static final String RECORDER_UID = "4294967295";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Reconciliation reconciliation;

    /** A scheduled public workshop with one RSVP, its channel known so the test can script Agora for it. */
    record Session(User host, long id, String channel) {}

    @AfterEach
    void agoraSawOnlyWellFormedRequests() {
        assertThat(AGORA.violations()).as("Agora REST contract violations").isEmpty();
    }

    @Test
    void goingLiveAcquiresAndStartsAMixRecordingAndEndingStopsIt() {
        Session s = scheduled();

        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        JsonNode live = awaitRecording(s.id(), s.host(), "recording");

        Call acquire =
                AGORA.await(ACQUIRE, s.channel(), 1, Duration.ofSeconds(5)).getFirst();
        assertThat(acquire.body().get("cname").stringValue())
                .isEqualTo(s.channel())
                .isEqualTo(live.get("agoraChannel").asString());
        assertThat(acquire.body().get("uid").stringValue()).isEqualTo(RECORDER_UID);
        assertThat(acquire.body().at("/clientRequest/scene").asInt()).isZero();
        assertThat(acquire.body().at("/clientRequest/resourceExpiredHour").asInt())
                .isEqualTo(24);

        Call start = AGORA.calls(START, s.channel()).getFirst();
        assertThat(AgoraStub.segments(start)).containsExactly(acquire.resourceId());
        assertThat(start.body().get("cname").stringValue()).isEqualTo(s.channel());
        assertThat(start.body().get("uid").stringValue()).isEqualTo(RECORDER_UID);
        JsonNode request = start.body().get("clientRequest");
        assertRecorderToken(request.get("token").stringValue(), s.channel());
        JsonNode storage = request.get("storageConfig");
        assertThat(storage.get("vendor").isInt()).isTrue();
        assertThat(storage.get("vendor").asInt()).isEqualTo(1);
        assertThat(storage.get("region").isInt()).as("region is a number").isTrue();
        assertThat(storage.get("region").asInt()).isEqualTo(3);
        assertThat(storage.get("bucket").stringValue()).isEqualTo("lectern-test-recordings");
        assertThat(storage.get("accessKey").stringValue()).isEqualTo("AKIATESTACCESSKEY");
        assertThat(storage.get("secretKey").stringValue()).isEqualTo("test-storage-secret");
        assertThat(storage.get("fileNamePrefix").values())
                .extracting(JsonNode::stringValue)
                .containsExactly("lectern");
        assertThat(request.at("/recordingFileConfig/avFileType").values())
                .extracting(JsonNode::stringValue)
                .containsExactly("hls", "mp4");
        assertThat(request.at("/recordingConfig/channelType").asInt()).isEqualTo(1);
        assertThat(request.at("/recordingConfig/transcodingConfig").isObject()).isTrue();
        Map<String, Object> row = recording(s.id());
        assertThat(row)
                .containsEntry("recorder_uid", 4_294_967_295L)
                .containsEntry("resource_id", acquire.resourceId())
                .containsEntry("sid", start.sid());
        assertThat(AGORA.calls(STOP, s.channel())).isEmpty();

        timedPost("/api/workshops/" + s.id() + "/end", s.host());
        awaitRecording(s.id(), s.host(), "stopped");

        Call stop = AGORA.calls(STOP, s.channel()).getFirst();
        assertThat(AgoraStub.segments(stop)).containsExactly(acquire.resourceId(), start.sid());
        assertThat(stop.body().get("cname").stringValue()).isEqualTo(s.channel());
        assertThat(stop.body().get("uid").stringValue()).isEqualTo(RECORDER_UID);
        assertThat(stop.body().at("/clientRequest/async_stop").booleanValue()).isFalse();
        assertThat(AGORA.callsFor(s.channel())).extracting(Call::action).containsExactly(ACQUIRE, START, STOP);
        assertThat((String) recording(s.id()).get("file_list")).contains(start.sid() + "_" + s.channel() + "_0.mp4");
    }

    @Test
    void requestNotCompletedOnStartIsRepeatedThenRecords() {
        Session s = scheduled();
        AGORA.on(s.channel())
                .reply(START, 206, "{\"code\":65,\"reason\":\"request not completed\"}")
                .succeed(START);

        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        awaitRecording(s.id(), s.host(), "recording");

        List<Call> starts = AGORA.calls(START, s.channel());
        assertThat(starts).as("start attempts").hasSize(2);
        assertThat(starts.get(1).body())
                .as("the very same request is repeated")
                .isEqualTo(starts.get(0).body());
        assertThat(starts.get(1).path()).isEqualTo(starts.get(0).path());
        assertBackoff(starts);
        assertThat(AGORA.count(ACQUIRE, s.channel())).isEqualTo(1);
        endAndAwait(s, "stopped");
    }

    @Test
    void alreadyStartedWithoutSidFailsAndNothingIsStopped() {
        Session s = scheduled();
        AGORA.on(s.channel()).reply(START, 201, "{\"code\":7,\"reason\":\"already started\"}");

        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        awaitRecording(s.id(), s.host(), "failed");

        assertThat(AGORA.count(START, s.channel())).as("201/7 is not repeated").isEqualTo(1);
        assertThat(error(s.id())).contains("already started").contains("no sid");
        endAndAwait(s, "failed");
        assertThat(AGORA.count(STOP, s.channel())).as("no sid, nothing to stop").isZero();
    }

    @Test
    void alreadyStartedWithSidCarriesOn() {
        Session s = scheduled();
        String sid = "sid201" + s.id();
        AGORA.on(s.channel()).reply(START, 201, "{\"code\":7,\"reason\":\"already started\",\"sid\":\"" + sid + "\"}");

        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        awaitRecording(s.id(), s.host(), "recording");

        assertThat(recording(s.id())).containsEntry("sid", sid);
        endAndAwait(s, "stopped");
        assertThat(AgoraStub.segments(AGORA.calls(STOP, s.channel()).getFirst()))
                .endsWith(sid);
    }

    @Test
    void acquireServerErrorsExhaustTheRetriesAndFail() {
        Session s = scheduled();
        AGORA.on(s.channel()).replies(ACQUIRE, 4, 500, "{\"code\":501,\"reason\":\"no_worker_manager_available\"}");

        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        awaitRecording(s.id(), s.host(), "failed");

        List<Call> acquires = AGORA.calls(ACQUIRE, s.channel());
        assertThat(acquires).as("1 attempt + 3 retries").hasSize(4);
        assertBackoff(acquires);
        assertThat(AGORA.count(START, s.channel())).isZero();
        assertThat(error(s.id())).contains("Agora acquire failed (HTTP) after 4 attempts: HTTP 500, code 501");
        endAndAwait(s, "failed");
        assertThat(AGORA.count(STOP, s.channel())).isZero();
    }

    @Test
    void startServerErrorsThenSuccessRecords() {
        Session s = scheduled();
        AGORA.on(s.channel())
                .replies(START, 2, 500, "{\"code\":502,\"reason\":\"Failed to allocate worker\"}")
                .succeed(START);

        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        awaitRecording(s.id(), s.host(), "recording");

        assertThat(AGORA.count(START, s.channel())).isEqualTo(3);
        assertThat(AGORA.count(ACQUIRE, s.channel())).isEqualTo(1);
        endAndAwait(s, "stopped");
    }

    @Test
    void rateLimitedAcquireIsRetried() {
        Session s = scheduled();
        AGORA.on(s.channel())
                .reply(ACQUIRE, 429, "{\"message\":\"API rate limit exceeded\"}")
                .succeed(ACQUIRE);

        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        awaitRecording(s.id(), s.host(), "recording");

        assertThat(AGORA.count(ACQUIRE, s.channel())).isEqualTo(2);
        assertBackoff(AGORA.calls(ACQUIRE, s.channel()));
        endAndAwait(s, "stopped");
    }

    @Test
    void stopNotFoundDuringFailoverIsRetriedThenStops() {
        Session s = scheduled();
        AGORA.on(s.channel())
                .reply(STOP, 404, "{\"code\":404,\"reason\":\"failed to find worker\"}")
                .succeed(STOP);
        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        awaitRecording(s.id(), s.host(), "recording");

        endAndAwait(s, "stopped");

        List<Call> stops = AGORA.calls(STOP, s.channel());
        assertThat(stops).hasSize(2);
        assertThat(stops.get(1).body()).isEqualTo(stops.get(0).body());
        assertBackoff(stops);
    }

    @Test
    void droppedConnectionsAreTransportFailuresRetriedThenFail() {
        Session s = scheduled();
        AGORA.on(s.channel()).drop(ACQUIRE, 4);

        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        awaitRecording(s.id(), s.host(), "failed");

        assertThat(AGORA.count(ACQUIRE, s.channel())).isEqualTo(4);
        assertThat(error(s.id())).contains("Agora acquire failed (TRANSPORT) after 4 attempts");
        endAndAwait(s, "failed");
    }

    @Test
    void malformedJsonFromStartFailsWithoutRetrying() {
        Session s = scheduled();
        AGORA.on(s.channel()).reply(START, 200, "<html><body>502 Bad Gateway</body></html>");

        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        awaitRecording(s.id(), s.host(), "failed");

        assertThat(AGORA.count(START, s.channel())).isEqualTo(1);
        assertThat(error(s.id())).contains("Agora start failed (MALFORMED) after 1 attempt");
        endAndAwait(s, "failed");
        assertThat(AGORA.count(STOP, s.channel())).isZero();
    }

    @Test
    void startAndEndAnswerAsFastWhenAgoraHangs() {
        // warm-up, unmeasured: the first requests of a context pay for class loading and JIT
        Session warm = scheduled();
        timedPost("/api/workshops/" + warm.id() + "/start", warm.host());
        awaitRecording(warm.id(), warm.host(), "recording");
        endAndAwait(warm, "stopped");

        Session fast = scheduled();
        Duration fastStart = timedPost("/api/workshops/" + fast.id() + "/start", fast.host());
        awaitRecording(fast.id(), fast.host(), "recording");
        Duration fastEnd = timedPost("/api/workshops/" + fast.id() + "/end", fast.host());
        awaitRecording(fast.id(), fast.host(), "stopped");

        Session hung = scheduled();
        for (int i = 0; i < 4; i++) {
            AGORA.on(hung.channel())
                    .reply(
                            ACQUIRE,
                            Reply.of(200, "{\"resourceId\":\"too-late\"}")
                                    .after(REQUEST_TIMEOUT.multipliedBy(2).plusSeconds(1)));
        }
        long began = System.nanoTime();
        Duration hungStart = timedPost("/api/workshops/" + hung.id() + "/start", hung.host());
        AGORA.await(ACQUIRE, hung.channel(), 1, Duration.ofSeconds(5));
        Duration hungEnd = timedPost("/api/workshops/" + hung.id() + "/end", hung.host());
        System.out.printf(
                "start latency: fast Agora %d ms, hanging Agora %d ms; end latency: fast %d ms, hanging %d ms%n",
                fastStart.toMillis(), hungStart.toMillis(), fastEnd.toMillis(), hungEnd.toMillis());

        assertThat(workshop(hung.id(), hung.host()).get("status").asString()).isEqualTo("ended");
        assertThat(workshop(hung.id(), hung.host()).get("recordingStatus").asString())
                .isEqualTo("starting");
        assertThat(hungStart).isLessThan(Duration.ofSeconds(1)).isLessThan(fastStart.plusMillis(250));
        assertThat(hungEnd).isLessThan(Duration.ofSeconds(1)).isLessThan(fastEnd.plusMillis(250));

        awaitRecording(hung.id(), hung.host(), "failed"::equals, Duration.ofSeconds(30));
        Duration toFailure = Duration.ofNanos(System.nanoTime() - began);
        System.out.printf(
                "hanging Agora: recordingStatus failed after %d ms (4 attempts x %d ms timeout)%n",
                toFailure.toMillis(), REQUEST_TIMEOUT.toMillis());
        assertThat(toFailure).isGreaterThanOrEqualTo(REQUEST_TIMEOUT.multipliedBy(4));
        assertThat(AGORA.count(ACQUIRE, hung.channel())).isEqualTo(4);
        assertThat(AGORA.count(START, hung.channel())).isZero();
        assertThat(AGORA.count(STOP, hung.channel())).isZero();
        assertThat(error(hung.id()))
                .contains("Agora acquire failed (TRANSPORT) after 4 attempts")
                .contains("HttpTimeoutException");
    }

    @Test
    void endedBeforeTheRecordingStartedStillStopsIt() {
        Session s = scheduled();
        AGORA.on(s.channel()).reply(START, AgoraStub.success(START).after(Duration.ofSeconds(1)));

        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        AGORA.await(START, s.channel(), 1, Duration.ofSeconds(5));
        timedPost("/api/workshops/" + s.id() + "/end", s.host());
        JsonNode ended = workshop(s.id(), s.host());
        assertThat(ended.get("status").asString()).isEqualTo("ended");
        assertThat(ended.get("recordingStatus").asString()).isEqualTo("starting");

        awaitRecording(s.id(), s.host(), "stopped");

        Call start = AGORA.calls(START, s.channel()).getFirst();
        Call stop = AGORA.calls(STOP, s.channel()).getFirst();
        assertThat(AgoraStub.segments(stop)).containsExactly(start.resourceId(), start.sid());
        assertThat(stop.received())
                .as("stopped once the delayed start reply had given a sid")
                .isAfterOrEqualTo(start.received().plusSeconds(1));
        assertThat(AGORA.count(STOP, s.channel())).isEqualTo(1);
    }

    @Test
    void stopWithNoRecordedDataEndsStoppedWithoutVideoAndReconciliationLeavesItAlone() {
        Session s = scheduled();
        AGORA.on(s.channel())
                .reply(
                        STOP,
                        206,
                        "{\"resourceId\":\"{resourceId}\",\"sid\":\"{sid}\",\"code\":435,"
                                + "\"reason\":\"no recorded data\"}");
        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        awaitRecording(s.id(), s.host(), "recording");

        endAndAwait(s, "stopped");

        assertThat(AGORA.count(STOP, s.channel()))
                .as("435 is final, not retried")
                .isEqualTo(1);
        assertThat(videos(s.id())).isZero();
        clock.advance(Duration.ofMinutes(6));
        reconciliation.run();
        assertThat(AGORA.count(QUERY, s.channel()))
                .as("nothing was recorded: nothing to ask Agora about")
                .isZero();
        assertThat(videos(s.id())).isZero();
    }

    @Test
    void failedStopIsReconciledThroughQueryExactlyOnce() {
        Session s = scheduled();
        AGORA.on(s.channel()).replies(STOP, 4, 500, "{\"code\":500,\"reason\":\"internal error\"}");
        timedPost("/api/workshops/" + s.id() + "/start", s.host());
        awaitRecording(s.id(), s.host(), "recording");

        endAndAwait(s, "failed");

        assertThat(AGORA.count(STOP, s.channel())).isEqualTo(4);
        assertThat(error(s.id())).contains("stop failed: Agora stop failed (HTTP) after 4 attempts");
        assertThat(recording(s.id()).get("stopped_at")).isNotNull();
        String sid = AGORA.calls(START, s.channel()).getFirst().sid();
        long sliceStart = clock.instant().minusSeconds(60).getEpochSecond();
        AGORA.on(s.channel()).reply(QUERY, 200, """
                {"resourceId":"{resourceId}","sid":"{sid}","serverResponse":{"status":5,"fileListMode":"json",
                 "fileList":[{"fileName":"{sid}_{cname}.m3u8","trackType":"audio_and_video","uid":"0",
                              "mixedAllUser":true,"isPlayable":true,"sliceStartTime":%1$d},
                             {"fileName":"{sid}_{cname}_0.mp4","trackType":"audio_and_video","uid":"0",
                              "mixedAllUser":true,"isPlayable":true,"sliceStartTime":%1$d}]}}""".formatted(sliceStart));

        reconciliation.run();
        assertThat(videos(s.id()))
                .as("within the grace period, the webhook may still come")
                .isZero();
        assertThat(AGORA.count(QUERY, s.channel())).isZero();

        clock.advance(Duration.ofMinutes(6));
        int created = reconciliation.run();

        assertThat(created).isGreaterThanOrEqualTo(1);
        List<Call> queries = AGORA.calls(QUERY, s.channel());
        assertThat(queries).hasSize(1);
        assertThat(AgoraStub.segments(queries.getFirst()))
                .containsExactly(AGORA.calls(START, s.channel()).getFirst().resourceId(), sid);
        assertThat(videos(s.id())).isEqualTo(1);
        var listed = api.get("/api/videos?workshopId=" + s.id(), s.host().token())
                .json()
                .get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("url").asString())
                .isEqualTo(PUBLIC_BASE_URL + "/" + sid + "_" + s.channel() + "_0.mp4");

        awaitRecording(s.id(), s.host(), "stopped"); // its files are in the library: the recording is over
        assertThat(reconciliation.run()).as("a second run creates nothing").isZero();
        assertThat(videos(s.id())).isEqualTo(1);
        assertThat(AGORA.count(QUERY, s.channel()))
                .as("a recording with its video is not queried again")
                .isEqualTo(1);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private Session scheduled() {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        User attendee = newUser("Attendee");
        assertThat(api.post("/api/workshops/" + id + "/rsvp", attendee.token(), null)
                        .status())
                .isEqualTo(200);
        return new Session(host, id, channelOf(id, host));
    }

    private void endAndAwait(Session s, String status) {
        timedPost("/api/workshops/" + s.id() + "/end", s.host());
        awaitRecording(s.id(), s.host(), status);
    }

    private void assertRecorderToken(String token, String channel) {
        ParsedToken parsed = AccessToken2.parse(token);
        assertThat(parsed.appId()).isEqualTo(APP_ID);
        assertThat(parsed.verify(APP_CERTIFICATE))
                .as("signed with the App Certificate")
                .isTrue();
        assertThat(parsed.expire())
                .as("the recorder token cannot be renewed: 24 h")
                .isEqualTo(86_400);
        assertThat(Instant.ofEpochSecond(parsed.issueTs()))
                .isBetween(clock.instant().minusSeconds(60), clock.instant());
        assertThat(parsed.services()).singleElement().isInstanceOfSatisfying(TokenService.Rtc.class, rtc -> {
            assertThat(rtc.channelName()).isEqualTo(channel);
            assertThat(rtc.uid()).isEqualTo(RECORDER_UID);
            assertThat(rtc.privileges()).as("join only").containsExactly(Map.entry(1, 86_400L));
        });
    }

    /** Retries wait the configured backoff between attempts. */
    private static void assertBackoff(List<Call> attempts) {
        for (int i = 1; i < attempts.size(); i++) {
            assertThat(Duration.between(
                            attempts.get(i - 1).received(), attempts.get(i).received()))
                    .isGreaterThanOrEqualTo(BACKOFF.minusMillis(5));
        }
    }

    private Map<String, Object> recording(long workshopId) {
        return jdbc.sql("SELECT * FROM recordings WHERE workshop_id = ?")
                .param(workshopId)
                .query()
                .singleRow();
    }

    private String error(long workshopId) {
        return (String) recording(workshopId).get("error");
    }

    private int videos(long workshopId) {
        return jdbc.sql("SELECT COUNT(*) FROM videos WHERE workshop_id = ?")
                .param(workshopId)
                .query(Integer.class)
                .single();
    }
}
