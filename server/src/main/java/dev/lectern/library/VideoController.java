package dev.lectern.library;

import dev.lectern.identity.CurrentUser;
import dev.lectern.library.VideoService.ReplayMessage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class VideoController {

    private final VideoService videos;

    VideoController(VideoService videos) {
        this.videos = videos;
    }

    record VideoList(List<Video> items, String nextCursor) {}

    record ReplayList(List<ReplayMessage> items) {}

    /** Newest first; {@code cursor} is the {@code nextCursor} of the previous page. */
    @GetMapping("/api/videos")
    VideoList list(
            CurrentUser me,
            @RequestParam(required = false) @Positive Long workshopId,
            @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @Positive Long cursor) {
        List<Video> page = videos.list(me.id(), workshopId, cursor == null ? Long.MAX_VALUE : cursor, limit + 1);
        if (page.size() <= limit) {
            return new VideoList(page, null);
        }
        List<Video> items = page.subList(0, limit);
        return new VideoList(
                List.copyOf(items), Long.toString(items.get(limit - 1).id()));
    }

    @GetMapping("/api/videos/{id}")
    Video get(CurrentUser me, @PathVariable @Positive long id) {
        return videos.get(id, me.id());
    }

    @GetMapping("/api/videos/{id}/chat")
    ReplayList chat(CurrentUser me, @PathVariable @Positive long id) {
        return new ReplayList(videos.replay(id, me.id()));
    }
}
