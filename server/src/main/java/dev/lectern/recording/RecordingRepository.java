package dev.lectern.recording;

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
class RecordingRepository {

    private final JdbcClient jdbc;

    RecordingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the workshop's recording row; false if it already has one (a recording starts once). */
    boolean create(long workshopId, RecordingStatus status, String error, Instant now) {
        return jdbc.sql("""
                INSERT INTO recordings (workshop_id, status, error, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""").params(workshopId, status.wire(), error, ts(now)).update() == 1;
    }

    Optional<Recording> find(long workshopId) {
        return jdbc.sql("SELECT * FROM recordings WHERE workshop_id = ?")
                .param(workshopId)
                .query(RecordingRepository::map)
                .optional();
    }

    /** The row, locked until the transaction ends, so start and stop tasks see each other's writes. */
    Optional<Recording> lock(long workshopId) {
        return jdbc.sql("SELECT * FROM recordings WHERE workshop_id = ? FOR UPDATE")
                .param(workshopId)
                .query(RecordingRepository::map)
                .optional();
    }

    Optional<Recording> findBySid(String sid) {
        return jdbc.sql("SELECT * FROM recordings WHERE sid = ?")
                .param(sid)
                .query(RecordingRepository::map)
                .optional();
    }

    void started(long workshopId, long recorderUid, String resourceId, String sid, Instant now) {
        jdbc.sql("""
                UPDATE recordings SET recorder_uid = ?, resource_id = ?, sid = ?, started_at = ?, updated_at = ?
                WHERE workshop_id = ?""")
                .params(recorderUid, resourceId, sid, ts(now), ts(now), workshopId)
                .update();
    }

    void status(long workshopId, RecordingStatus status, String error, Instant now) {
        jdbc.sql("UPDATE recordings SET status = ?, error = COALESCE(?, error), updated_at = ? WHERE workshop_id = ?")
                .params(status.wire(), error, ts(now), workshopId)
                .update();
    }

    void stopped(long workshopId, RecordingStatus status, String fileListJson, Long sliceStartMs, Instant now) {
        jdbc.sql("""
                UPDATE recordings SET status = ?, file_list = COALESCE(?, file_list),
                    slice_start_ms = COALESCE(slice_start_ms, ?), stopped_at = COALESCE(stopped_at, ?), updated_at = ?
                WHERE workshop_id = ?""")
                .params(status.wire(), fileListJson, sliceStartMs, ts(now), ts(now), workshopId)
                .update();
    }

    /**
     * Keeps the first slice start known, except that a millisecond value refines a whole-second one of
     * the same second: Agora's REST stop reply may give seconds where the NCS notice gives milliseconds.
     */
    void sliceStart(long workshopId, Long sliceStartMs) {
        if (sliceStartMs == null) {
            return;
        }
        jdbc.sql("""
                UPDATE recordings SET slice_start_ms = CASE
                    WHEN slice_start_ms IS NULL THEN CAST(? AS BIGINT)
                    WHEN MOD(slice_start_ms, 1000) = 0 AND slice_start_ms / 1000 = CAST(? AS BIGINT) / 1000
                        THEN CAST(? AS BIGINT)
                    ELSE slice_start_ms END
                WHERE workshop_id = ?""")
                .params(sliceStartMs, sliceStartMs, sliceStartMs, workshopId)
                .update();
    }

    /** The file list of a recording Agora stopped with 206/435 "no recorded data": known to have no files. */
    static final String NO_RECORDED_DATA = "[]";

    /**
     * Stopped (or failed after getting a sid) before the cutoff, still without a video, and not known to
     * have recorded nothing (those would be queried on every run, and crowd out the rest of the batch).
     */
    List<Recording> withoutVideoSince(Instant cutoff, int limit) {
        return jdbc.sql("""
                SELECT r.* FROM recordings r
                WHERE r.sid IS NOT NULL AND r.status IN ('stopped', 'failed') AND r.stopped_at <= ?
                  AND (r.file_list IS NULL OR r.file_list <> ?)
                  AND NOT EXISTS (SELECT 1 FROM videos v WHERE v.recording_sid = r.sid)
                ORDER BY r.stopped_at LIMIT ?""")
                .params(ts(cutoff), NO_RECORDED_DATA, limit)
                .query(RecordingRepository::map)
                .list();
    }

    private static Recording map(ResultSet rs, int row) throws SQLException {
        return new Recording(
                rs.getLong("workshop_id"),
                RecordingStatus.fromWire(rs.getString("status")),
                nullableLong(rs, "recorder_uid"),
                rs.getString("resource_id"),
                rs.getString("sid"),
                instant(rs, "started_at"),
                instant(rs, "stopped_at"),
                nullableLong(rs, "slice_start_ms"),
                rs.getString("file_list"),
                rs.getString("error"));
    }
}
