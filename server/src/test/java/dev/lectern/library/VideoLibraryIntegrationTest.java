package dev.lectern.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Api;
import dev.lectern.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The video library's access rules: a private workshop's video is its members' alone; replay chat is members only. */
class VideoLibraryIntegrationTest extends IntegrationTest {

    @Autowired
    VideoRepository videos;

    private String lastSid;

    @Test
    void aPrivateWorkshopsVideoIsHiddenFromOutsiders() {
        User host = newUser("Host");
        long workshop = createWorkshop(host, true, null);
        User invited = newUser("Invited");
        ok(api.get("/api/notifications", invited.token())); // records the user
        assertThat(api.post(
                                "/api/workshops/" + workshop + "/invites",
                                host.token(),
                                Api.json(Map.of("userIds", List.of(invited.id()))))
                        .status())
                .isEqualTo(200);
        long video = insertVideo(workshop, host, "Private talk");
        User stranger = newUser("Stranger");

        assertThat(ok(api.get("/api/videos/" + video, invited.token()))
                        .get("title")
                        .asString())
                .isEqualTo("Private talk");
        assertThat(ok(api.get("/api/videos/" + video, host.token()))
                        .get("workshopId")
                        .asLong())
                .isEqualTo(workshop);
        Api.Response hidden = api.get("/api/videos/" + video, stranger.token());
        assertProblem(hidden, 404, "not_found");
        assertThat(hidden.body()).doesNotContain("Private talk");
        assertProblem(api.get("/api/videos/" + video + "/chat", stranger.token()), 404, "not_found");
        assertThat(ids(ok(api.get("/api/videos?workshopId=" + workshop, stranger.token()))))
                .isEmpty();
        assertThat(ids(ok(api.get("/api/videos?workshopId=" + workshop, invited.token()))))
                .containsExactly(video);
    }

    @Test
    void aPublicVideoIsForEveryoneButItsChatIsForMembers() {
        User host = newUser("Host");
        long workshop = createWorkshop(host, false, null);
        long video = insertVideo(workshop, host, "Public talk");
        User stranger = newUser("Stranger");

        assertThat(ok(api.get("/api/videos/" + video, stranger.token()))
                        .get("title")
                        .asString())
                .isEqualTo("Public talk");
        assertProblem(api.get("/api/videos/" + video + "/chat", stranger.token()), 403, "forbidden");
        assertThat(ok(api.get("/api/videos/" + video + "/chat", host.token())).get("items"))
                .isEmpty();
        // a second insert for the same recording is refused by the unique sid: one video per recording
        assertThat(videos.insertIfAbsent(
                        workshop, host.id(), lastSid, "dup", null, "https://x/y.m3u8", 1000L, clock.instant()))
                .isFalse();
        assertThat(ok(api.get("/api/videos/" + video, host.token()))
                        .get("title")
                        .asString())
                .isEqualTo("Public talk");
    }

    @Test
    void hostileIdsAndCursorsAreBadRequests() {
        User a = newUser("A");
        for (String path : List.of(
                "/api/videos/0",
                "/api/videos/-5",
                "/api/videos/x",
                "/api/videos?limit=0",
                "/api/videos?limit=101",
                "/api/videos?cursor=0",
                "/api/videos?workshopId=-1",
                "/api/videos?cursor=1.5")) {
            assertProblem(api.get(path, a.token()), 400, "invalid_payload");
        }
        assertProblem(api.get("/api/videos/" + Long.MAX_VALUE, a.token()), 404, "not_found");
    }

    private long insertVideo(long workshop, User host, String title) {
        String sid = "sid-" + UUID.randomUUID();
        lastSid = sid;
        assertThat(videos.insertIfAbsent(
                        workshop,
                        host.id(),
                        sid,
                        title,
                        "desc",
                        "https://cdn.example/v.m3u8",
                        60_000L,
                        clock.instant()))
                .isTrue();
        return videos.findBySid(sid).orElseThrow().id();
    }

    private static List<Long> ids(JsonNode list) {
        return list.get("items").valueStream().map(n -> n.get("id").asLong()).toList();
    }

    private static void assertProblem(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    private static JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
