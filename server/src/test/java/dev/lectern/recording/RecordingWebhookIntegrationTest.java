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
    /** The sid of the recording this server started for the workshop (the recordings row Recorder writes). */
    private String sid;

    @BeforeEach
    void endedWorkshopWithThreeAttendees() {
        host = newUser("Host");
        workshopId = createWorkshop(host, false, null);
        attendees = List.of(newUser("A"), newUser("B"), newUser("C"));
        attendees.forEach(a -> api.post("/api/workshops/" + workshopId + "/rsvp", a.token(), null));
        api.post("/api/workshops/" + workshopId + "/start", host.token(), null);
        channel = api.post("/api/workshops/" + workshopId + "/end", host.token(), null)
                .json()
                .get("agoraChannel")
                .asString();
        sid = startedRecording(workshopId);
    }

    /** What Recorder leaves behind once Agora accepted the start: the recording's row with its sid. */
    private String startedRecording(long workshop) {
        String started = "sid" + UUID.randomUUID().toString().replace("-", "");
        // without Agora settings the start leaves a 'skipped' row (after its commit, on another thread):
        // wait for it, then make it a started one
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (jdbc.sql("""
                UPDATE recordings SET status = 'stopping', recorder_uid = 4294967295, resource_id = 'resource', sid = ?,
                    started_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP WHERE workshop_id = ?""").params(started, workshop).update() == 0) {
            assertThat(System.nanoTime()).as("the start's recording row").isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return started;
    }

    @Test
    void refusesMissingOrWrongSignaturesWithoutEffect() throws Exception {
        String body = notice(UUID.randomUUID().toString(), 31, sid, uploadedDetails(sid));

        assertThat(post(body, null).statusCode()).isEqualTo(401);
        assertThat(post(body, "00".repeat(32)).statusCode()).isEqualTo(401);
        assertThat(post(body, signer.sign((body + " ").getBytes(StandardCharsets.UTF_8)))
                        .statusCode())
                .isEqualTo(401);
        var refused = post(body, "zz");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        assertThat(videosFor(sid)).isZero();
        assertThat(processed(sid)).isZero();
    }

    @Test
    void repeatedAndReorderedNoticesMakeOneVideoAndOneNotificationEach() throws Exception {
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
        var video = jdbc.sql("SELECT url, title, category_id, workshop_id FROM videos WHERE recording_sid = ?")
                .param(sid)
                .query((rs, row) ->
                        List.of(rs.getString(1), rs.getString(2), String.valueOf(rs.getObject(3)), rs.getLong(4)))
                .single();
        assertThat(video.get(0)).isEqualTo("https://media.example.test/recordings/" + sid + "_" + channel + "_0.mp4");
        assertThat(video.get(1)).isEqualTo("Workshop by Host");
        assertThat(video.get(2)).isEqualTo("null");
        assertThat(video.get(3)).isEqualTo(workshopId);
        for (User person : List.of(host, attendees.get(0), attendees.get(1), attendees.get(2))) {
            var ready = api.get("/api/notifications", person.token()).json().get("items");
            long count = 0;
            for (var n : ready) {
                if (n.get("type").asString().equals("recording_ready")
                        && n.get("payload").get("workshopId").asLong() == workshopId) {
                    count++;
                }
            }
            assertThat(count).as("recording_ready for %s", person.name()).isEqualTo(1);
        }
        var listed = api.get(
                        "/api/videos?workshopId=" + workshopId, attendees.get(0).token())
                .json()
                .get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("categoryId").isNull()).isTrue();
    }

    @Test
    void unknownEventsAndJunkWithAValidSignatureAreAcceptedAndChangeNothing() throws Exception {
        List<String> junk = List.of(
                notice(UUID.randomUUID().toString(), 99, sid, "{}"),
                notice(UUID.randomUUID().toString(), 31, sid, "{\"fileList\":[]}"),
                notice(UUID.randomUUID().toString(), 31, sid, "{\"fileList\":[{\"fileName\":7}]}"),
                notice(UUID.randomUUID().toString(), 31, sid, "{\"fileList\":\"\"}"),
                "{\"noticeId\":\"" + UUID.randomUUID() + "\",\"productId\":1,\"eventType\":31,\"payload\":{}}",
                "[1,2,3]",
                "\"text\"",
                "{}",
                "not json at all",
                "",
                "{\"noticeId\":{\"a\":[]},\"payload\":7}");
        for (String body : junk) {
            var response = post(body, signer.sign(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(response.statusCode()).as(body).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        }
        assertThat(videosFor(sid)).isZero();
    }

    /** A signed notice for a sid Lectern never started files nothing, whatever its cname says. */
    @Test
    void aSidThisServerNeverStartedFilesNoVideo() throws Exception {
        String forged = "sid" + UUID.randomUUID().toString().replace("-", "");
        // the ended workshop's channel, and a workshop that is only scheduled
        User other = newUser("Other");
        long scheduled = createWorkshop(other, false, null);
        String scheduledChannel = api.get("/api/workshops/" + scheduled, other.token())
                .json()
                .get("agoraChannel")
                .asString();
        for (String cname : List.of(channel, scheduledChannel)) {
            String body = notice(UUID.randomUUID().toString(), 31, forged, uploadedDetails(forged), cname);
            var response = post(body, signer.sign(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(response.statusCode()).isEqualTo(200);
        }
        assertThat(videosFor(forged)).isZero();
        assertThat(videosOfWorkshop(workshopId)).isZero();
        assertThat(videosOfWorkshop(scheduled)).isZero();
    }

    /** Lectern records a workshop once: a second recording's notice (a new sid on the row) adds no second video. */
    @Test
    void aWorkshopGetsOneVideoEvenFromASecondRecording() throws Exception {
        deliver(notice(UUID.randomUUID().toString(), 31, sid, uploadedDetails(sid)));
        assertThat(videosOfWorkshop(workshopId)).isEqualTo(1);
        String second = "sid" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("UPDATE recordings SET sid = ? WHERE workshop_id = ?")
                .params(second, workshopId)
                .update();
        deliver(notice(UUID.randomUUID().toString(), 31, second, uploadedDetails(second)));
        deliver(notice(UUID.randomUUID().toString(), 32, second, uploadedDetails(second)));
        assertThat(videosOfWorkshop(workshopId)).isEqualTo(1);
        assertThat(videosFor(second)).isZero();
    }

    /** Absolute paths, schemes and '..' never become video URLs, and do not use the recording up. */
    @Test
    void unsafeFileNamesAreNotFiledAndALaterGoodNoticeStillIs() throws Exception {
        for (String name : List.of(
                "javascript:alert(document.cookie)//.mp4",
                "../../../etc/passwd.mp4",
                "/etc/x.mp4",
                "https://evil.example/x.mp4",
                "a/../../b.mp4",
                "..\\\\x.mp4",
                "data:text/html,x.m3u8",
                "\\\\evil\\x.mp4",
                "ok/.hidden.mp4",
                "line\\nbreak.mp4",
                "%2e%2e/x.mp4")) {
            String details = """
                    {"msgName":"uploaded","status":0,"fileList":[{"fileName":"%s","trackType":"audio_and_video","isPlayable":true}]}
                    """.formatted(name.replace("\\", "\\\\").replace("\"", "\\\""));
            deliver(notice(UUID.randomUUID().toString(), 31, sid, details));
            assertThat(videosOfWorkshop(workshopId)).as(name).isZero();
        }
        deliver(notice(UUID.randomUUID().toString(), 31, sid, uploadedDetails(sid)));
        assertThat(videosFor(sid)).isEqualTo(1);
        String url = jdbc.sql("SELECT url FROM videos WHERE recording_sid = ?")
                .param(sid)
                .query(String.class)
                .single();
        assertThat(url).isEqualTo("https://media.example.test/recordings/" + sid + "_" + channel + "_0.mp4");
    }

    private void deliver(String body) throws Exception {
        var response = post(body, signer.sign(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.statusCode()).as(body).isEqualTo(200);
    }

    private int videosOfWorkshop(long workshop) {
        return jdbc.sql("SELECT COUNT(*) FROM videos WHERE workshop_id = ?")
                .param(workshop)
                .query(Integer.class)
                .single();
    }

    private String uploadedDetails(String sid) {
        return """
                {"msgName":"uploaded","status":0,"fileList":[
                  {"fileName":"%1$s_%2$s.m3u8","trackType":"audio_and_video","uid":"0","mixedAllUser":true,"isPlayable":true,"sliceStartTime":1619170461821},
                  {"fileName":"%1$s_%2$s_0.mp4","trackType":"audio_and_video","uid":"0","mixedAllUser":true,"isPlayable":true,"sliceStartTime":1619170461821}]}
                """.formatted(sid, channel);
    }

    private String notice(String noticeId, int eventType, String sid, String details) {
        return notice(noticeId, eventType, sid, details, channel);
    }

    private String notice(String noticeId, int eventType, String sid, String details, String cname) {
        return """
                {"noticeId":"%s","productId":3,"eventType":%d,"notifyMs":1700000000000,
                 "payload":{"cname":"%s","uid":"4000000000","sid":"%s","sequence":1,"sendts":1700000000000,"serviceType":2,"details":%s}}
                """.formatted(noticeId, eventType, cname, sid, details);
    }

    private HttpResponse<String> post(String body, String signature) throws Exception {
        var request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/workshops/recording-callback"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("Agora-Signature-V2", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int videosFor(String sid) {
        return jdbc.sql("SELECT COUNT(*) FROM videos WHERE recording_sid = ?")
                .param(sid)
                .query(Integer.class)
                .single();
    }

    private int processed(String sid) {
        return jdbc.sql("SELECT COUNT(*) FROM processed_notices WHERE sid = ?")
                .param(sid)
                .query(Integer.class)
                .single();
    }
}
