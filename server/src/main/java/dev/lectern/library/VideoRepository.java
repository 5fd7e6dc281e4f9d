package dev.lectern.library;

import static dev.lectern.system.Sql.instant;
import static dev.lectern.system.Sql.nullableLong;
import static dev.lectern.system.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class VideoRepository {

    private final JdbcClient jdbc;

    VideoRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Creates the video for a recording unless one exists: the unique {@code recording_sid} makes the
     * webhook, its retries and the reconciliation job agree on exactly one video per recording.
     *
     * @return true if this call created it
     */
    public boolean insertIfAbsent(
            long workshopId,
            long hostId,
            String sid,
            String title,
            String description,
            String url,
            Long durationMs,
            Instant now) {
        return jdbc.sql("""
                INSERT INTO videos (workshop_id, host_id, recording_sid, title, description, url, duration_ms,
                    category_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING""")
                        .params(workshopId, hostId, sid, title, description, url, durationMs, ts(now))
                        .update()
                == 1;
    }

    /** The workshop's video, if it has one (a workshop is recorded once, so it has at most one). */
    public Optional<Long> idOfWorkshop(long workshopId) {
        return jdbc.sql("SELECT id FROM videos WHERE workshop_id = ? ORDER BY id LIMIT 1")
                .param(workshopId)
                .query(Long.class)
                .optional();
    }

    public Optional<Video> findBySid(String sid) {
        return jdbc.sql("SELECT * FROM videos WHERE recording_sid = ?")
                .param(sid)
                .query(VideoRepository::map)
                .optional();
    }

    Optional<Video> find(long id) {
        return jdbc.sql("SELECT * FROM videos WHERE id = ?")
                .param(id)
                .query(VideoRepository::map)
                .optional();
    }

    /** Videos of public workshops and of workshops the user is a member of, newest first; none of a workshop they were removed from. */
    List<Video> visibleTo(long userId, Long workshopId, long beforeId, int limit) {
        return jdbc.sql("""
                SELECT v.* FROM videos v JOIN workshops w ON w.id = v.workshop_id
                WHERE (w.is_private = FALSE OR w.host_id = :me
                       OR EXISTS (SELECT 1 FROM workshop_attendees a
                                  WHERE a.workshop_id = w.id AND a.user_id = :me AND a.status <> 'removed'))
                  AND (w.host_id = :me OR NOT EXISTS (SELECT 1 FROM workshop_attendees b
                       WHERE b.workshop_id = w.id AND b.user_id = :me AND b.status = 'removed'))
                  AND (:workshopId < 0 OR v.workshop_id = :workshopId)
                  AND v.id < :beforeId
                ORDER BY v.id DESC LIMIT :limit""")
                .param("me", userId)
                .param("workshopId", workshopId == null ? -1L : workshopId)
                .param("beforeId", beforeId)
                .param("limit", limit)
                .query(VideoRepository::map)
                .list();
    }

    private static Video map(ResultSet rs, int row) throws SQLException {
        return new Video(
                rs.getLong("id"),
                rs.getString("title"),
                rs.getString("description"),
                rs.getString("url"),
                nullableLong(rs, "duration_ms"),
                rs.getLong("workshop_id"),
                rs.getLong("host_id"),
                nullableLong(rs, "category_id"),
                instant(rs, "created_at"));
    }
}
