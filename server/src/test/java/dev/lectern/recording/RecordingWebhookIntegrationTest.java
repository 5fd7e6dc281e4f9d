package dev.lectern.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class RecordingWebhookIntegrationTest extends IntegrationTest {

    private static final String SECRET = "test-ncs-secret";
    private final NcsSignature signer = new NcsSignature(SECRET);
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    JdbcClient jdbc;

    private User host;
    private List<User> attendees;
    private long workshopId;
    private String channel;

    @BeforeEach
    void endedWorkshopWithThreeAttendees() {
        host = newUser("Host");
        workshopId = createWorkshop(host, false, null);
        attendees = List.of(newUser("A"), newUser("B"), newUser("C"));
        attendees.forEach(a -> api.post("/api/workshops/" + workshopId + "/rsvp", a.token(), null));
        api.post("/api/workshops/" + workshopId + "/start", host.token(), null);
        channel = api.post("/api/workshops/" + workshopId + "/end", host.token(), null).json().get("agoraChannel").asString();
    }

    @Test
    void refusesMissingOrWrongSignaturesWithoutEffect() throws Exception {
        String sid = "sid" + UUID.randomUUID().toString().replace("-", "");
        String body = notice(UUID.randomUUID().toString(), 31, sid, uploadedDetails(sid));

        assertThat(post(body, null).statusCode()).isEqualTo(401);
        assertThat(post(body, "00".repeat(32)).statusCode()).isEqualTo(401);
        assertThat(post(body, signer.sign((body + " ").getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(401);
        var refused = post(body, "zz");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        assertThat(videosFor(sid)).isZero();
        assertThat(processed(sid)).isZero();
    }

    @Test
    void repeatedAndReorderedNoticesMakeOneVideoAndOneNotificationEach() throws Exception {
        String sid = "sid" + UUID.randomUUID().toString().replace("-", "");
        String uploaded = notice(UUID.randomUUID().toString(), 31, sid, uploadedDetails(sid));
        String backuped = notice(UUID.randomUUID().toString(), 32, sid, uploadedDetails(sid));
        String exit = notice(UUID.randomUUID().toString(), 11, sid, "{\"msgName\":\"session_exit\",\"exitStatus\":0}");
        List<String> deliveries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            deliveries.add(uploaded);
            deliveries.add(backuped);
            deliveries.add(exit);
        }
        Collections.shuffle(deliveries, new java.util.Random(42));
        for (String body : deliveries) {
            var response = post(body, signer.sign(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"ok\":true");
        }

        assertThat(videosFor(sid)).isEqualTo(1);
        var video = jdbc.sql("SELECT url, title, category_id, workshop_id FROM videos WHERE recording_sid = ?").param(sid)
                .query((rs, row) -> List.of(rs.getString(1), rs.getString(2), String.valueOf(rs.getObject(3)), rs.getLong(4)))
                .single();
        assertThat(video.get(0)).isEqualTo("https://media.example.test/recordings/" + sid + "_" + channel + "_0.mp4");
        assertThat(video.get(1)).isEqualTo("Workshop by Host");
        assertThat(video.get(2)).isEqualTo("null");
        assertThat(video.get(3)).isEqualTo(workshopId);
        for (User person : List.of(host, attendees.get(0), attendees.get(1), attendees.get(2))) {
            var ready = api.get("/api/notifications", person.token()).json().get("items");
            long count = 0;
            for (var n : ready) {
                if (n.get("type").asString().equals("recording_ready") && n.get("payload").get("workshopId").asLong() == workshopId) {
                    count++;
                }
            }
            assertThat(count).as("recording_ready for %s", person.name()).isEqualTo(1);
        }
        var listed = api.get("/api/videos?workshopId=" + workshopId, attendees.get(0).token()).json().get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("categoryId").isNull()).isTrue();
    }

    @Test
    void unknownEventsAndJunkWithAValidSignatureAreAcceptedAndChangeNothing() throws Exception {
        String sid = "sid" + UUID.randomUUID().toString().replace("-", "");
        List<String> junk = List.of(
                notice(UUID.randomUUID().toString(), 99, sid, "{}"),
                notice(UUID.randomUUID().toString(), 31, sid, "{\"fileList\":[]}"),
                notice(UUID.randomUUID().toString(), 31, sid, "{\"fileList\":[{\"fileName\":7}]}"),
                notice(UUID.randomUUID().toString(), 31, sid, "{\"fileList\":\"\"}"),
                "{\"noticeId\":\"" + UUID.randomUUID() + "\",\"productId\":1,\"eventType\":31,\"payload\":{}}",
                "[1,2,3]", "\"text\"", "{}", "not json at all", "", "{\"noticeId\":{\"a\":[]},\"payload\":7}");
        for (String body : junk) {
            var response = post(body, signer.sign(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(response.statusCode()).as(body).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        }
        assertThat(videosFor(sid)).isZero();
    }

    private String uploadedDetails(String sid) {
        return """
                {"msgName":"uploaded","status":0,"fileList":[
                  {"fileName":"%1$s_%2$s.m3u8","trackType":"audio_and_video","uid":"0","mixedAllUser":true,"isPlayable":true,"sliceStartTime":1619170461821},
                  {"fileName":"%1$s_%2$s_0.mp4","trackType":"audio_and_video","uid":"0","mixedAllUser":true,"isPlayable":true,"sliceStartTime":1619170461821}]}
                """.formatted(sid, channel);
    }

    private String notice(String noticeId, int eventType, String sid, String details) {
        return """
                {"noticeId":"%s","productId":3,"eventType":%d,"notifyMs":1700000000000,
                 "payload":{"cname":"%s","uid":"4000000000","sid":"%s","sequence":1,"sendts":1700000000000,"serviceType":2,"details":%s}}
                """.formatted(noticeId, eventType, channel, sid, details);
    }

    private HttpResponse<String> post(String body, String signature) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/workshops/recording-callback"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("Agora-Signature-V2", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int videosFor(String sid) {
        return jdbc.sql("SELECT COUNT(*) FROM videos WHERE recording_sid = ?").param(sid).query(Integer.class).single();
    }

    private int processed(String sid) {
        return jdbc.sql("SELECT COUNT(*) FROM processed_notices WHERE sid = ?").param(sid).query(Integer.class).single();
    }
}
