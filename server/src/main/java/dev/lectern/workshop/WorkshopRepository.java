package dev.lectern.workshop;

import static dev.lectern.system.Sql.instant;
import static dev.lectern.system.Sql.nullableInt;
import static dev.lectern.system.Sql.nullableLong;
import static dev.lectern.system.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Workshop rows. The lock methods are what make transitions race-free: callers hold the row until commit. */
@Repository
class WorkshopRepository {

    static final RowMapper<Workshop> ROW = WorkshopRepository::map;

    private final JdbcClient jdbc;

    WorkshopRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(NewWorkshop w, String agoraChannel, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO workshops (title, description, host_id, status, is_private, scheduled_start,
                    duration_minutes, max_attendees, category_id, agora_channel, created_at, admission, qa_mode,
                    qa_anonymous)
                VALUES (?, ?, ?, 'scheduled', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        w.title(),
                        w.description(),
                        w.hostId(),
                        w.isPrivate(),
                        ts(w.scheduledStart()),
                        w.durationMinutes(),
                        w.maxAttendees(),
                        w.categoryId(),
                        agoraChannel,
                        ts(now),
                        w.admission().wire(),
                        w.qaMode().wire(),
                        w.qaAnonymous())
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    Optional<Workshop> find(long id) {
        return jdbc.sql("SELECT * FROM workshops WHERE id = ?")
                .param(id)
                .query(ROW)
                .optional();
    }

    Optional<Workshop> findByChannel(String agoraChannel) {
        return jdbc.sql("SELECT * FROM workshops WHERE agora_channel = ?")
                .param(agoraChannel)
                .query(ROW)
                .optional();
    }

    /** Locks the row until the transaction ends; waits for whoever holds it. */
    Optional<Workshop> lock(long id) {
        return jdbc.sql("SELECT * FROM workshops WHERE id = ? FOR UPDATE")
                .param(id)
                .query(ROW)
                .optional();
    }

    /** Locks the row unless another transaction holds it (then empty): jobs never queue behind a host. */
    Optional<Workshop> tryLock(long id) {
        return jdbc.sql("SELECT * FROM workshops WHERE id = ? FOR UPDATE SKIP LOCKED")
                .param(id)
                .query(ROW)
                .optional();
    }

    void updateStatus(long id, WorkshopStatus status, Instant startedAt, Instant endedAt) {
        jdbc.sql("UPDATE workshops SET status = ?, started_at = ?, ended_at = ? WHERE id = ?")
                .params(status.wire(), ts(startedAt), ts(endedAt), id)
                .update();
    }

    /** Ids in one of the statuses whose scheduled start is at or before the given instant. */
    List<Long> idsScheduledBy(List<WorkshopStatus> statuses, Instant by, int limit) {
        return jdbc.sql("""
                SELECT id FROM workshops WHERE status IN (:statuses) AND scheduled_start <= :by
                ORDER BY scheduled_start, id LIMIT :limit""")
                .param("statuses", statuses.stream().map(WorkshopStatus::wire).toList())
                .param("by", ts(by))
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    private static Workshop map(ResultSet rs, int row) throws SQLException {
        return new Workshop(
                rs.getLong("id"),
                rs.getString("title"),
                rs.getString("description"),
                rs.getLong("host_id"),
                WorkshopStatus.fromWire(rs.getString("status")),
                rs.getBoolean("is_private"),
                instant(rs, "scheduled_start"),
                rs.getInt("duration_minutes"),
                nullableInt(rs, "max_attendees"),
                nullableLong(rs, "category_id"),
                rs.getString("agora_channel"),
                instant(rs, "started_at"),
                instant(rs, "ended_at"),
                Admission.fromWire(rs.getString("admission")),
                QaMode.fromWire(rs.getString("qa_mode")),
                rs.getBoolean("qa_anonymous"));
    }

    /** The fields a host chooses. */
    record NewWorkshop(
            long hostId,
            String title,
            String description,
            Instant scheduledStart,
            int durationMinutes,
            boolean isPrivate,
            Integer maxAttendees,
            Long categoryId,
            Admission admission,
            QaMode qaMode,
            boolean qaAnonymous) {}
}
