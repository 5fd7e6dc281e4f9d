package dev.lectern.recording;

import static dev.lectern.recording.AgoraStub.ACQUIRE;
import static dev.lectern.recording.AgoraStub.START;
import static dev.lectern.recording.AgoraStub.STOP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.chat.ChatMessage;
import dev.lectern.chat.ChatService;
import dev.lectern.identity.CurrentUser;
import dev.lectern.support.AgoraIntegrationTest;
import dev.lectern.workshop.Memberships;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The whole story against the Agora stub: a workshop with three RSVPs goes live (acquire + start),
 * people chat, it ends (stop), Agora's signed "uploaded" notice arrives, and the video is in the
 * library with its chat placed on the recording's own timeline, and everyone who was there is told.
 */
class RecordingEndToEndIntegrationTest extends AgoraIntegrationTest {

    private static final String NCS_SECRET = "test-ncs-secret";

    @Autowired
    ChatService chat;

    @Autowired
    Memberships memberships;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void liveWorkshopIsRecordedAndBecomesAVideoWithChatReplayAndNotifications() throws Exception {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        List<User> attendees = List.of(newUser("Ada"), newUser("Brian"), newUser("Chen"));
        for (User a : attendees) {
            assertThat(api.post("/api/workshops/" + id + "/rsvp", a.token(), null)
                            .status())
                    .isEqualTo(200);
        }
        String channel = channelOf(id, host);

        assertThat(api.post("/api/workshops/" + id + "/start", host.token(), null)
                        .status())
                .isEqualTo(200);
        JsonNode live = awaitRecording(id, host, "recording");
        Instant startedAt = instant(live.get("startedAt"));
        assertThat(AGORA.calls(ACQUIRE, channel)).hasSize(1);
        assertThat(AGORA.calls(START, channel)).hasSize(1);
        String sid = AGORA.calls(START, channel).getFirst().sid();
        // The recording's first slice begins a few seconds after the workshop went live, at a known instant.
        Instant sliceStart = startedAt.plusMillis(3_217);
        // Agora's REST docs give the stop reply's sliceStartTime in seconds; the NCS notice has milliseconds.
        AGORA.on(channel).reply(STOP, 200, AgoraStub.stopUploaded(sliceStart.getEpochSecond()));

        List<ChatMessage> sent = new ArrayList<>();
        sent.add(say(id, attendees.get(0), "hello before the recorder is rolling"));
        clock.advance(Duration.ofSeconds(10));
        sent.add(say(id, host, "welcome, everyone"));
        clock.advance(Duration.ofMillis(2_345));
        sent.add(say(id, attendees.get(2), "glad to be here"));
        assertThat(sent.get(0).createdAt()).isBefore(sliceStart);
        assertThat(sent.get(1).createdAt()).isAfter(sliceStart);

        assertThat(api.post("/api/workshops/" + id + "/end", host.token(), null).status())
                .isEqualTo(200);
        JsonNode ended = awaitRecording(id, host, "stopped");
        assertThat(AGORA.calls(STOP, channel)).hasSize(1);
        assertThat(AgoraStub.segments(AGORA.calls(STOP, channel).getFirst())).endsWith(sid);
        assertThat(api.get("/api/videos?workshopId=" + id, host.token()).json().get("items"))
                .as("no video before Agora says the files are uploaded")
                .isEmpty();

        String notice = """
                {"noticeId":"%s","productId":3,"eventType":31,"notifyMs":%d,
                 "payload":{"cname":"%s","uid":"4294967295","sid":"%s","sequence":5,"sendts":%d,"serviceType":2,
                  "details":{"msgName":"uploaded","status":0,"fileList":[
                   {"fileName":"%4$s_%3$s.m3u8","trackType":"audio_and_video","uid":"0","mixedAllUser":true,
                    "isPlayable":true,"sliceStartTime":%6$d},
                   {"fileName":"%4$s_%3$s_0.mp4","trackType":"audio_and_video","uid":"0","mixedAllUser":true,
                    "isPlayable":true,"sliceStartTime":%6$d}]}}}
                """.formatted(
                        UUID.randomUUID(), clock.millis(), channel, sid, clock.millis(), sliceStart.toEpochMilli());
        HttpResponse<String> callback = webhook(notice);
        assertThat(callback.statusCode()).isEqualTo(200);
        assertThat(callback.body()).contains("\"result\":\"processed\"");

        JsonNode videos = api.get(
                        "/api/videos?workshopId=" + id, attendees.get(1).token())
                .json()
                .get("items");
        assertThat(videos).hasSize(1);
        JsonNode video = videos.get(0);
        assertThat(video.get("url").asString()).isEqualTo(PUBLIC_BASE_URL + "/" + sid + "_" + channel + "_0.mp4");
        assertThat(video.get("title").asString()).isEqualTo("Workshop by Host");
        assertThat(video.get("description").asString()).isEqualTo("A test workshop");
        assertThat(video.get("workshopId").asLong()).isEqualTo(id);
        assertThat(video.get("hostId").asLong()).isEqualTo(host.id());
        assertThat(video.get("categoryId").isNull()).isTrue();
        assertThat(video.get("durationMs").asLong())
                .isEqualTo(Duration.between(sliceStart, instant(ended.get("endedAt")))
                        .toMillis());
        long videoId = video.get("id").asLong();
        assertThat(api.get("/api/videos", attendees.get(1).token())
                        .json()
                        .get("items")
                        .values())
                .extracting(v -> v.get("id").asLong())
                .contains(videoId);
        assertThat(api.get("/api/videos/" + videoId, host.token())
                        .json()
                        .get("url")
                        .asString())
                .isEqualTo(video.get("url").asString());

        JsonNode replay = api.get(
                        "/api/videos/" + videoId + "/chat", attendees.get(0).token())
                .json()
                .get("items");
        assertThat(replay).hasSize(3);
        for (int i = 0; i < sent.size(); i++) {
            ChatMessage m = sent.get(i);
            long expected = Math.max(0, m.createdAt().toEpochMilli() - sliceStart.toEpochMilli());
            assertThat(replay.get(i).get("id").asLong()).isEqualTo(m.id());
            assertThat(replay.get(i).get("message").asString()).isEqualTo(m.message());
            assertThat(replay.get(i).get("replayOffsetMs").asLong())
                    .as("replay offset of %s", m.message())
                    .isEqualTo(expected);
        }
        assertThat(replay.get(0).get("replayOffsetMs").asLong())
                .as("sent before the recording began")
                .isZero();
        assertThat(replay.get(2).get("replayOffsetMs").asLong()
                        - replay.get(1).get("replayOffsetMs").asLong())
                .as("the clock moved 2.345 s (plus real time) between them")
                .isBetween(2_345L, 5_000L);

        List<User> everyone = new ArrayList<>(attendees);
        everyone.addFirst(host);
        for (User person : everyone) {
            List<JsonNode> ready = api.get("/api/notifications", person.token()).json().get("items").values().stream()
                    .filter(n -> n.get("type").asString().equals("recording_ready"))
                    .filter(n -> n.get("payload").get("workshopId").asLong() == id)
                    .toList();
            assertThat(ready)
                    .as("recording_ready for %s", person.name())
                    .singleElement()
                    .satisfies(n ->
                            assertThat(n.get("payload").get("videoId").asLong()).isEqualTo(videoId));
        }
        assertThat(AGORA.violations()).isEmpty();
    }

    private ChatMessage say(long workshopId, User who, String message) {
        return chat.post(memberships.of(workshopId, who.id()), new CurrentUser(who.id(), who.name(), null), message);
    }

    private HttpResponse<String> webhook(String body) throws Exception {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/workshops/recording-callback"))
                .header("Content-Type", "application/json")
                .header("Agora-Signature-V2", new NcsSignature(NCS_SECRET).sign(raw))
                .POST(HttpRequest.BodyPublishers.ofByteArray(raw))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
