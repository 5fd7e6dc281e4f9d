package dev.lectern.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lectern.recording.RecordingApiException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Against a real HTTP server that behaves like Agora; backoffs are milliseconds, distinct per cause. */
class AgoraRecordingClientTest {

    static final String CNAME = "workshop-42";
    static final long UID = 4_294_967_295L;
    static final String RESOURCE_ID = "JyvK8nXHuV1BE64GDkAaBGEscvtHW7v8BrQoRPCHxmeV-x_kv4GJPcWpvzx";
    static final String SID = "38f8e3cfdc474cd56fc1ceba380d7e1a";
    static final String STOP_FILES = """
            {"resourceId":"%s","sid":"%s","serverResponse":{"uploadingStatus":"uploaded","fileListMode":"json",
             "fileList":[{"fileName":"%s_workshop-42_0.mp4","trackType":"audio_and_video","uid":"0",
                          "mixedAllUser":true,"isPlayable":true,"sliceStartTime":1619170461821},
                         {"fileName":"%s_workshop-42.m3u8","trackType":"audio_and_video","uid":"0",
                          "mixedAllUser":true,"isPlayable":false,"sliceStartTime":1619170461821}]}}
            """.formatted(RESOURCE_ID, SID, SID, SID);

    /** Each cause has its own recognisable backoffs, so a test can tell which schedule was used. */
    static final RetryPolicy POLICY = new RetryPolicy(
            millis(1, 2, 3),
            millis(11, 12),
            millis(21, 22, 23),
            millis(31, 32, 33, 34),
            millis(41, 42, 43),
            millis(51, 52, 53));

    final AgoraStub agora = newStub();
    final List<Duration> slept = new CopyOnWriteArrayList<>();
    /** Really waits, but Agora's seconds become milliseconds through POLICY. */
    final Sleeper sleeper = backoff -> {
        slept.add(backoff);
        Thread.sleep(backoff);
    };

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void tearDown() {
        http.close();
        agora.close();
        assertThat(agora.violations()).as("Agora REST contract violations").isEmpty();
    }

    @Test
    void acquireFollowsAgoraContractAndReturnsResourceId() {
        agora.reply("acquire", 200, """
                {"cname":"workshop-42","uid":"4294967295","resourceId":"%s"}""".formatted(RESOURCE_ID));

        AcquireResult result = client().acquire(CNAME, UID);

        assertThat(result).isEqualTo(new AcquireResult(RESOURCE_ID, 1));
        JsonNode body = agora.calls("acquire").get(0).body();
        assertThat(body.get("cname").stringValue()).isEqualTo(CNAME);
        assertThat(body.get("uid").stringValue()).isEqualTo("4294967295");
        assertThat(body.at("/clientRequest/scene").asInt()).isZero();
        assertThat(body.at("/clientRequest/resourceExpiredHour").asInt()).isEqualTo(24);
    }

    @Test
    void startSendsMixRecordingConfigAndReturnsSid() {
        agora.reply("start", 200, """
                {"cname":"workshop-42","uid":"4294967295","resourceId":"%s","sid":"%s"}""".formatted(RESOURCE_ID, SID));

        StartResult result = client().start(RESOURCE_ID, CNAME, UID, startRequest());

        assertThat(result).isEqualTo(new StartResult(SID, false, 1));
        AgoraStub.Call call = agora.calls("start").get(0);
        assertThat(AgoraStub.segments(call)).containsExactly(RESOURCE_ID);
        JsonNode request = call.body().get("clientRequest");
        assertThat(request.get("token").stringValue()).isEqualTo("007recorder-token");
        assertThat(request.at("/recordingConfig/channelType").asInt()).isEqualTo(1);
        assertThat(request.at("/recordingConfig/maxIdleTime").asInt()).isEqualTo(300);
        assertThat(request.at("/recordingConfig/transcodingConfig/width").asInt())
                .isEqualTo(1280);
        assertThat(request.at("/recordingConfig/transcodingConfig/mixedVideoLayout")
                        .asInt())
                .isEqualTo(1);
        assertThat(request.at("/recordingFileConfig/avFileType").values())
                .extracting(JsonNode::stringValue)
                .containsExactly("hls", "mp4");
        JsonNode storage = request.get("storageConfig");
        assertThat(storage.get("vendor").asInt()).isEqualTo(1);
        assertThat(storage.get("region").isInt()).as("region is a number").isTrue();
        assertThat(storage.get("bucket").stringValue()).isEqualTo("lectern-recordings");
        assertThat(storage.get("accessKey").stringValue()).isEqualTo("AKIA");
        assertThat(storage.get("secretKey").stringValue()).isEqualTo("shh");
        assertThat(storage.get("fileNamePrefix").values())
                .extracting(JsonNode::stringValue)
                .containsExactly("lectern", "w42");
    }

    @Test
    void queryReturnsStatusFilesAndSliceStartTime() {
        agora.reply("query", 200, """
                {"resourceId":"%s","sid":"%s","serverResponse":{"status":5,"fileListMode":"string",
                 "fileList":"%s_workshop-42.m3u8","sliceStartTime":1619170461}}""".formatted(RESOURCE_ID, SID, SID));

        QueryResult result = client().query(RESOURCE_ID, SID);

        assertThat(result.status()).isEqualTo(5);
        assertThat(result.recording()).isTrue();
        assertThat(result.sliceStartTime()).isEqualTo(1619170461L);
        assertThat(result.files()).containsExactly(new RecordedFile(SID + "_workshop-42.m3u8", null, null, null));
        assertThat(AgoraStub.segments(agora.calls("query").get(0))).containsExactly(RESOURCE_ID, SID);
    }

    @Test
    void stopReturnsUploadedFilesGivenAsArray() {
        agora.reply("stop", 200, STOP_FILES);

        StopResult result = client().stop(RESOURCE_ID, SID, CNAME, UID);

        assertThat(result.uploadingStatus()).isEqualTo("uploaded");
        assertThat(result.noRecordedData()).isFalse();
        assertThat(result.files())
                .containsExactly(
                        new RecordedFile(SID + "_workshop-42_0.mp4", "audio_and_video", true, 1619170461821L),
                        new RecordedFile(SID + "_workshop-42.m3u8", "audio_and_video", false, 1619170461821L));
        AgoraStub.Call call = agora.calls("stop").get(0);
        assertThat(AgoraStub.segments(call)).containsExactly(RESOURCE_ID, SID);
        assertThat(call.body().at("/clientRequest/async_stop").isBoolean()).isTrue();
        assertThat(call.body().at("/clientRequest/async_stop").booleanValue()).isFalse();
    }

    @Test
    void stopReadsFileListGivenAsString() {
        agora.reply("stop", 200, """
                {"serverResponse":{"uploadingStatus":"backuped","fileListMode":"string","fileList":"%s_workshop-42.m3u8"}}
                """.formatted(SID));

        StopResult result = client().stop(RESOURCE_ID, SID, CNAME, UID);

        assertThat(result.uploadingStatus()).isEqualTo("backuped");
        assertThat(result.files()).extracting(RecordedFile::fileName).containsExactly(SID + "_workshop-42.m3u8");
    }

    @Test
    void stopWithNoRecordedDataIsANormalResultWithoutFiles() {
        agora.reply("stop", 206, """
                {"resourceId":"%s","sid":"%s","code":435,"reason":"no recorded data"}""".formatted(RESOURCE_ID, SID));

        StopResult result = client().stop(RESOURCE_ID, SID, CNAME, UID);

        assertThat(result).isEqualTo(new StopResult(null, List.of(), true, 1));
        assertThat(slept).isEmpty();
    }

    @Test
    void startRetriesRequestNotCompletedThenSucceeds() {
        agora.reply("start", 206, "{\"code\":65,\"reason\":\"request not completed\"}")
                .reply("start", 200, "{\"sid\":\"%s\"}".formatted(SID));

        StartResult result = client().start(RESOURCE_ID, CNAME, UID, startRequest());

        assertThat(result).isEqualTo(new StartResult(SID, false, 2));
        assertThat(slept).containsExactly(Duration.ofMillis(11));
        assertThat(agora.calls("start"))
                .extracting(AgoraStub.Call::body)
                .hasSize(2)
                .allSatisfy(body ->
                        assertThat(body).isEqualTo(agora.calls("start").get(0).body()));
    }

    @Test
    void startReportsAlreadyStartedWithoutRetrying() {
        agora.reply("start", 201, "{\"code\":7,\"reason\":\"already started\"}");

        StartResult result = client().start(RESOURCE_ID, CNAME, UID, startRequest());

        assertThat(result).isEqualTo(new StartResult(null, true, 1));
        assertThat(slept).isEmpty();
    }

    @Test
    void startRetriedAfterTimeoutLearnsTheFirstAttemptGotThrough() {
        agora.hang("start")
                .reply("start", 201, "{\"code\":7,\"reason\":\"already started\",\"sid\":\"%s\"}".formatted(SID));

        StartResult result = client(Duration.ofMillis(300)).start(RESOURCE_ID, CNAME, UID, startRequest());

        assertThat(result).isEqualTo(new StartResult(SID, true, 2));
        assertThat(slept).containsExactly(Duration.ofMillis(1));
    }

    @Test
    void stopRetriesNotFoundDuringFailoverThenSucceeds() {
        agora.reply("stop", 404, "{\"code\":404,\"reason\":\"failed to find worker\"}")
                .reply("stop", 200, STOP_FILES);

        StopResult result = client().stop(RESOURCE_ID, SID, CNAME, UID);

        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.files()).hasSize(2);
        assertThat(slept).containsExactly(Duration.ofMillis(41));
    }

    @Test
    void acquireRetriesRateLimitThenSucceeds() {
        agora.reply("acquire", 429, "{\"message\":\"API rate limit exceeded\"}")
                .reply("acquire", 200, "{\"resourceId\":\"%s\"}".formatted(RESOURCE_ID));

        assertThat(client().acquire(CNAME, UID)).isEqualTo(new AcquireResult(RESOURCE_ID, 2));
        assertThat(slept).containsExactly(Duration.ofMillis(51));
    }

    @Test
    void startGivesUpAfterServerErrorsAndCountsAttempts() {
        for (int i = 0; i < 4; i++) {
            agora.reply("start", 500, "{\"code\":502,\"reason\":\"Failed to allocate worker\"}");
        }

        RecordingApiException failure = catchThrowableOfType(
                RecordingApiException.class, () -> client().start(RESOURCE_ID, CNAME, UID, startRequest()));

        assertThat(failure.kind()).isEqualTo(Kind.HTTP);
        assertThat(failure.operation()).isEqualTo("start");
        assertThat(failure.status()).isEqualTo(500);
        assertThat(failure.agoraCode()).hasValue(502);
        assertThat(failure.reason()).hasValue("Failed to allocate worker");
        assertThat(failure.attempts()).isEqualTo(4);
        assertThat(failure)
                .hasMessage("Agora start failed (HTTP) after 4 attempts: HTTP 500, code 502 "
                        + "(Failed to allocate worker)");
        assertThat(slept).containsExactly(Duration.ofMillis(21), Duration.ofMillis(22), Duration.ofMillis(23));
    }

    @Test
    void queryGivesUpAfterServerErrorsOnTheLongerSchedule() {
        for (int i = 0; i < 5; i++) {
            agora.reply("query", 504, "{\"code\":62,\"reason\":\"request timeout\"}");
        }

        RecordingApiException failure =
                catchThrowableOfType(RecordingApiException.class, () -> client().query(RESOURCE_ID, SID));

        assertThat(failure.kind()).isEqualTo(Kind.HTTP);
        assertThat(failure.attempts()).isEqualTo(5);
        assertThat(slept).containsExactly(millis(31, 32, 33, 34).toArray(Duration[]::new));
        assertThat(agora.calls("query")).hasSize(5);
    }

    @Test
    void otherClientErrorsFailImmediately() {
        agora.reply("start", 400, "{\"code\":53,\"reason\":\"task conflict\"}");

        RecordingApiException failure = catchThrowableOfType(
                RecordingApiException.class, () -> client().start(RESOURCE_ID, CNAME, UID, startRequest()));

        assertThat(failure.kind()).isEqualTo(Kind.HTTP);
        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.agoraCode()).hasValue(53);
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.body()).contains("task conflict");
        assertThat(slept).isEmpty();
    }

    @Test
    void wrongCredentialsFailImmediatelyWithoutLeakingTheSecret() {
        RecordingApiSettings wrong = new RecordingApiSettings(
                agora.baseUrl(),
                AgoraStub.APP_ID,
                AgoraStub.CUSTOMER_ID,
                "not-the-secret",
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                POLICY);

        RecordingApiException failure = catchThrowableOfType(
                RecordingApiException.class, () -> new AgoraRecordingClient(wrong, http, sleeper).acquire(CNAME, UID));

        assertThat(failure.status()).isEqualTo(401);
        assertThat(failure.reason()).hasValue("Invalid authentication credentials");
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.getMessage()).doesNotContain("not-the-secret");
        assertThat(wrong.toString()).doesNotContain("not-the-secret");
    }

    @Test
    void hangingEndpointTimesOutAsTransportWithinTheRequestTimeout() {
        agora.hang("query").hang("query").hang("query").hang("query");
        long started = System.nanoTime();

        RecordingApiException failure = catchThrowableOfType(
                RecordingApiException.class,
                () -> client(Duration.ofMillis(200)).query(RESOURCE_ID, SID));

        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failure.kind()).isEqualTo(Kind.TRANSPORT);
        assertThat(failure.status()).isZero();
        assertThat(failure.getCause()).isInstanceOf(HttpTimeoutException.class);
        assertThat(failure.attempts()).isEqualTo(4);
        assertThat(slept).containsExactly(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(3));
        assertThat(elapsed).isBetween(Duration.ofMillis(700), Duration.ofMillis(4000));
    }

    @Test
    void refusedConnectionIsTransportAfterRetries() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        RecordingApiSettings settings = new RecordingApiSettings(
                closed,
                AgoraStub.APP_ID,
                AgoraStub.CUSTOMER_ID,
                AgoraStub.CUSTOMER_SECRET,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                POLICY);

        RecordingApiException failure = catchThrowableOfType(
                RecordingApiException.class,
                () -> new AgoraRecordingClient(settings, http, sleeper).acquire(CNAME, UID));

        assertThat(failure.kind()).isEqualTo(Kind.TRANSPORT);
        assertThat(failure.getCause()).isInstanceOf(ConnectException.class);
        assertThat(failure.attempts()).isEqualTo(4);
        assertThat(failure.body()).isEmpty();
    }

    @Test
    void unparseableJsonOn200IsMalformed() {
        agora.reply("acquire", 200, "<html>upstream says hi</html>");

        RecordingApiException failure =
                catchThrowableOfType(RecordingApiException.class, () -> client().acquire(CNAME, UID));

        assertThat(failure.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(failure.status()).isEqualTo(200);
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.body()).isEqualTo("<html>upstream says hi</html>");
    }

    @Test
    void successWithoutTheNeededFieldIsMalformed() {
        agora.reply("start", 200, "{\"cname\":\"workshop-42\"}");

        RecordingApiException failure = catchThrowableOfType(
                RecordingApiException.class, () -> client().start(RESOURCE_ID, CNAME, UID, startRequest()));

        assertThat(failure.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(failure.getMessage()).contains("reply has no \"sid\"");
    }

    @Test
    void refusesAnHttpClientWithoutConnectTimeout() {
        try (HttpClient unbounded = HttpClient.newHttpClient()) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new AgoraRecordingClient(settings(Duration.ofSeconds(1)), unbounded, sleeper))
                    .withMessageContaining("connect timeout");
        }
    }

    @Test
    void refusesUidsAgoraCannotRecordAs() {
        assertThatIllegalArgumentException().isThrownBy(() -> client().acquire(CNAME, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> client().acquire(CNAME, 4_294_967_296L));
    }

    private AgoraRecordingClient client() {
        return client(Duration.ofSeconds(2));
    }

    private AgoraRecordingClient client(Duration requestTimeout) {
        return new AgoraRecordingClient(settings(requestTimeout), http, sleeper);
    }

    private RecordingApiSettings settings(Duration requestTimeout) {
        return new RecordingApiSettings(
                agora.baseUrl(),
                AgoraStub.APP_ID,
                AgoraStub.CUSTOMER_ID,
                AgoraStub.CUSTOMER_SECRET,
                Duration.ofSeconds(1),
                requestTimeout,
                POLICY);
    }

    private static StartRequest startRequest() {
        return StartRequest.of(
                "007recorder-token",
                new StartRequest.Storage(1, 0, "lectern-recordings", "AKIA", "shh", List.of("lectern", "w42")));
    }

    private static List<Duration> millis(long... values) {
        return Arrays.stream(values).mapToObj(Duration::ofMillis).toList();
    }

    private static AgoraStub newStub() {
        try {
            return new AgoraStub();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
