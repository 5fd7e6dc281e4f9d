package dev.lectern.workshop;

import static dev.lectern.system.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Read side: workshops with their recording status and head count, in one query each. */
@Repository
class WorkshopViews {

    private static final String SELECT = """
            SELECT w.*, COALESCE(r.status, 'none') AS recording_status,
                (SELECT COUNT(*) FROM workshop_attendees a
                 WHERE a.workshop_id = w.id AND a.status IN ('rsvp', 'joined', 'left')
                   AND a.user_id <> w.host_id AND a.is_panelist = FALSE) AS attendee_count
            FROM workshops w LEFT JOIN recordings r ON r.workshop_id = w.id
            """;

    private final JdbcClient jdbc;

    WorkshopViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<WorkshopView> find(long id) {
        return jdbc.sql(SELECT + " WHERE w.id = ?")
                .param(id)
                .query(WorkshopViews::map)
                .optional();
    }

    /**
     * The workshop if {@link Access#SEE} grants it to this user (public or hosted by them or they have a
     * record in it, and they were not removed from it): the check and the read in one statement.
     */
    Optional<WorkshopView> findVisible(long id, long userId) {
        return jdbc.sql(SELECT + """
                 WHERE w.id = :id
                   AND (w.is_private = FALSE OR w.host_id = :me
                        OR EXISTS (SELECT 1 FROM workshop_attendees m WHERE m.workshop_id = w.id AND m.user_id = :me))
                   AND (w.host_id = :me OR NOT EXISTS (SELECT 1 FROM workshop_attendees b
                        WHERE b.workshop_id = w.id AND b.user_id = :me AND b.status = 'removed'))""")
                .param("id", id)
                .param("me", userId)
                .query(WorkshopViews::map)
                .optional();
    }

    /**
     * Public workshops and the caller's own, by scheduled start, after the keyset cursor; never one the
     * caller was removed from (its {@code agoraChannel} is no longer theirs to read).
     */
    List<WorkshopView> visibleTo(long userId, List<WorkshopStatus> statuses, Cursor after, int limit) {
        return jdbc.sql(SELECT + """
                 WHERE (w.is_private = FALSE OR w.host_id = :me
                        OR EXISTS (SELECT 1 FROM workshop_attendees m
                                   WHERE m.workshop_id = w.id AND m.user_id = :me AND m.status <> 'removed'))
                   AND (w.host_id = :me OR NOT EXISTS (SELECT 1 FROM workshop_attendees b
                        WHERE b.workshop_id = w.id AND b.user_id = :me AND b.status = 'removed'))
                   AND w.status IN (:statuses)
                   AND (w.scheduled_start > :afterStart OR (w.scheduled_start = :afterStart AND w.id > :afterId))
                 ORDER BY w.scheduled_start, w.id
                 LIMIT :limit""")
                .param("me", userId)
                .param("statuses", statuses.stream().map(WorkshopStatus::wire).toList())
                .param("afterStart", ts(after.scheduledStart()))
                .param("afterId", after.id())
                .param("limit", limit)
                .query(WorkshopViews::map)
                .list();
    }

    /**
     * The view of a workshop a transaction has just produced (a transition's result): its columns as
     * given, only the recording status and the head count read, in the caller's transaction.
     */
    WorkshopView of(Workshop w) {
        return jdbc.sql("""
                SELECT COALESCE((SELECT r.status FROM recordings r WHERE r.workshop_id = :id), 'none') AS recording_status,
                    (SELECT COUNT(*) FROM workshop_attendees a
                     WHERE a.workshop_id = :id AND a.status IN ('rsvp', 'joined', 'left')
                       AND a.user_id <> :host AND a.is_panelist = FALSE) AS attendee_count""")
                .param("id", w.id())
                .param("host", w.hostId())
                .query((rs, row) -> view(w, rs.getString("recording_status"), rs.getInt("attendee_count")))
                .single();
    }

    private static WorkshopView map(ResultSet rs, int row) throws SQLException {
        return view(
                WorkshopRepository.ROW.mapRow(rs, row), rs.getString("recording_status"), rs.getInt("attendee_count"));
    }

    private static WorkshopView view(Workshop w, String recordingStatus, int attendeeCount) {
        return new WorkshopView(
                w.id(),
                w.title(),
                w.description(),
                w.hostId(),
                w.status().wire(),
                w.isPrivate(),
                w.scheduledStart(),
                w.durationMinutes(),
                w.maxAttendees(),
                w.categoryId(),
                w.agoraChannel(),
                w.startedAt(),
                w.endedAt(),
                recordingStatus,
                attendeeCount,
                w.admission().wire(),
                w.qaMode().wire(),
                w.qaAnonymous());
    }

    /** Keyset position in the (scheduledStart, id) order. */
    record Cursor(Instant scheduledStart, long id) {
        static final Cursor START = new Cursor(Instant.EPOCH, 0);
    }
}
