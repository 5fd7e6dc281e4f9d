package dev.lectern.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.chat.ChatService;
import dev.lectern.identity.CurrentUser;
import dev.lectern.workshop.Memberships;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Create → RSVP ×3 → start → chat → end → signed webhook → video, chat replay and notifications. */
class RecordingEndToEndIntegrationTest extends AgoraConfiguredTest {

    @Autowired
    ChatService chat;

    @Autowired
    Memberships memberships;

    @Test
    void aFinishedWorkshopBecomesALibraryVideoWithItsChat() throws Exception {
        User host = newUser("Host");
        long id = createWorkshop(host, false, null);
        List<User> people = List.of(newUser("A"), newUser("B"), newUser("C"));
        people.forEach(p -> assertThat(api.post("/api/workshops/" + id + "/rsvp", p.token(), null).status()).isEqualTo(200));
        String channel = api.get("/api/workshops/" + id, host.token()).json().get("agoraChannel").asString();
        String sid = "e2e" + UUID.randomUUID().toString().replace("-", "");
        AGORA.reply("acquire", 200, "{\"resourceId\":\"res-e2e\"}").reply("start", 200, "{\"sid\":\"" + sid + "\"}");

        api.post("/api/workshops/" + id + "/start", host.token(), null);
        awaitRecordingStatus(id, host, "recording");
        assertThat(AGORA.calls("acquire", channel)).hasSize(1);
        assertThat(AGORA.calls("start", channel)).hasSize(1);

        // Agora's recording begins a little after the workshop went live; replay offsets count from there.
        Instant sliceStart = clock.instant();
        clock.advance(Duration.ofSeconds(2));
        AGORA.reply("stop", 200, RecordingLifecycleIntegrationTest.stopFiles(sid, channel)
                .replace("1700000000000", Long.toString(sliceStart.toEpochMilli())));
        List<Instant> sentAt = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            User author = people.get(i);
            var m = chat.post(memberships.of(id, author.id()), new CurrentUser(author.id(), author.name(), null), "message " + i);
            sentAt.add(m.createdAt());
            clock.advance(Duration.ofSeconds(5));
        }
        api.post("/api/workshops/" + id + "/end", host.token(), null);
        awaitRecordingStatus(id, host, "stopped");
        assertThat(AGORA.calls("stop", channel)).hasSize(1);

        String notice = """
                {"noticeId":"%s","productId":3,"eventType":31,"notifyMs":1,"payload":{"cname":"%s","uid":"4294967295","sid":"%s",
                 "sequence":3,"sendts":1,"serviceType":2,"details":{"msgName":"uploaded","status":0,"fileList":[
                 {"fileName":"%s_%s_0.mp4","trackType":"audio_and_video","uid":"0","mixedAllUser":true,"isPlayable":true,"sliceStartTime":%d}]}}}
                """.formatted(UUID.randomUUID(), channel, sid, sid, channel, sliceStart.toEpochMilli());
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/workshops/recording-callback"))
                .header("Content-Type", "application/json")
                .header("Agora-Signature-V2", new NcsSignature("test-ncs-secret").sign(notice.getBytes(StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(notice)).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        var videos = api.get("/api/videos?workshopId=" + id, people.get(0).token()).json().get("items");
        assertThat(videos).hasSize(1);
        long videoId = videos.get(0).get("id").asLong();
        assertThat(videos.get(0).get("url").asString()).isEqualTo("https://media.example.test/recordings/" + sid + "_" + channel + "_0.mp4");
        assertThat(videos.get(0).get("durationMs").asLong()).isPositive();

        var replay = api.get("/api/videos/" + videoId + "/chat", people.get(1).token()).json().get("items");
        assertThat(replay).hasSize(3);
        for (int i = 0; i < 3; i++) {
            long expected = sentAt.get(i).toEpochMilli() - sliceStart.toEpochMilli();
            assertThat(replay.get(i).get("replayOffsetMs").asLong()).isEqualTo(expected);
            assertThat(replay.get(i).get("offsetMs").asLong()).isGreaterThanOrEqualTo(expected); // counted from going live
        }
        for (User person : List.of(host, people.get(0), people.get(1), people.get(2))) {
            long ready = 0;
            for (var n : api.get("/api/notifications", person.token()).json().get("items")) {
                if (n.get("type").asString().equals("recording_ready") && n.get("payload").get("videoId").asLong() == videoId) {
                    ready++;
                }
            }
            assertThat(ready).as(person.name()).isEqualTo(1);
        }
    }

    private void awaitRecordingStatus(long id, User user, String expected) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline)) {
            if (api.get("/api/workshops/" + id, user.token()).json().get("recordingStatus").asString().equals(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("recordingStatus never became " + expected);
    }
}
