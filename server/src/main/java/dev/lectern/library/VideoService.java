package dev.lectern.library;

import dev.lectern.chat.ChatMessage;
import dev.lectern.chat.ChatService;
import dev.lectern.system.LecternException.NotFound;
import dev.lectern.system.Sql;
import dev.lectern.workshop.Access;
import dev.lectern.workshop.Memberships;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading the library: who may see a video, and its chat placed on the recording's own timeline. */
@Service
public class VideoService {

    private static final int REPLAY_PAGE = 500;

    private final VideoRepository videos;
    private final Memberships memberships;
    private final ChatService chat;
    private final JdbcClient jdbc;

    VideoService(VideoRepository videos, Memberships memberships, ChatService chat, JdbcClient jdbc) {
        this.videos = videos;
        this.memberships = memberships;
        this.chat = chat;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<Video> list(long userId, Long workshopId, long beforeId, int limit) {
        return videos.visibleTo(userId, workshopId, beforeId, limit);
    }

    /** A video, as {@link Access#SEE} of its workshop allows (private: members only; removed users: banned). */
    @Transactional(readOnly = true)
    public Video get(long videoId, long userId) {
        return get(videoId, userId, Access.SEE);
    }

    private Video get(long videoId, long userId, Access access) {
        Video video = videos.find(videoId).orElseThrow(() -> new NotFound("video " + videoId));
        try {
            memberships.require(
                    video.workshopId(),
                    userId,
                    access,
                    access == Access.SEE ? "see this video" : "read this video's chat");
        } catch (NotFound hidden) {
            throw new NotFound("video " + videoId);
        }
        return video;
    }

    /**
     * The workshop's chat with each message's offset from the start of the recording itself
     * (Agora's sliceStartTime), which can differ from the workshop's start by the seconds recording
     * took to begin. Messages sent before the recording began sit at 0.
     */
    @Transactional(readOnly = true)
    public List<ReplayMessage> replay(long videoId, long userId) {
        // everyone's chat: the workshop's members only, even when the video itself is public
        Video video = get(videoId, userId, Access.MEMBER);
        Instant recordingStart = recordingStart(video);
        List<ReplayMessage> replay = new ArrayList<>();
        long after = 0;
        List<ChatMessage> page;
        do {
            page = chat.page(video.workshopId(), after, REPLAY_PAGE);
            for (ChatMessage m : page) {
                long offset = recordingStart == null
                        ? m.offsetMs()
                        : Math.max(0, m.createdAt().toEpochMilli() - recordingStart.toEpochMilli());
                replay.add(new ReplayMessage(m, offset));
            }
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (page.size() == REPLAY_PAGE);
        return replay;
    }

    private Instant recordingStart(Video video) {
        return jdbc.sql("""
                SELECT r.slice_start_ms, r.started_at FROM recordings r JOIN videos v ON v.workshop_id = r.workshop_id
                WHERE v.id = ?""")
                .param(video.id())
                .query((rs, row) -> {
                    long slice = rs.getLong("slice_start_ms");
                    if (!rs.wasNull()) {
                        return Instant.ofEpochMilli(slice);
                    }
                    return Sql.instant(rs, "started_at");
                })
                .optional()
                .orElse(null);
    }

    /** A chat message and where it falls in the recording. */
    public record ReplayMessage(
            long id,
            long workshopId,
            long userId,
            String displayName,
            String avatarUrl,
            String message,
            long offsetMs,
            Instant createdAt,
            long replayOffsetMs) {
        ReplayMessage(ChatMessage m, long replayOffsetMs) {
            this(
                    m.id(),
                    m.workshopId(),
                    m.userId(),
                    m.displayName(),
                    m.avatarUrl(),
                    m.message(),
                    m.offsetMs(),
                    m.createdAt(),
                    replayOffsetMs);
        }
    }
}
