package dev.lectern.workshop;

import static dev.lectern.system.Sql.ts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes {@code attendance_sessions} (V40) at the two places an attendee's presence changes: where a
 * row becomes {@code joined} ({@link RoomRepository#markJoined}) and where it becomes {@code left}
 * ({@link AttendeeRepository#markLeft}), in the same statement's transaction. Those two places are the
 * only transitions, and they already merge several tabs into one stretch and close a crashed node's
 * presence at its last heartbeat, so the sessions inherit both rules instead of repeating them. The
 * report ({@code dev.lectern.report}) reads the table.
 */
@Repository
class AttendanceSessions {

    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;

    AttendanceSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The attendee just became joined. */
    void opened(long workshopId, long userId, Instant at) {
        jdbc.sql("INSERT INTO attendance_sessions (workshop_id, user_id, joined_at) VALUES (?, ?, ?)")
                .params(workshopId, userId, ts(at))
                .update();
    }

    /**
     * Many attendees were marked joined at {@code at} in one statement: a session for each of them that
     * is joined now and has none open (those who were joined before keep theirs).
     */
    void openedAll(long workshopId, Collection<Long> userIds, Instant at) {
        List<Long> ids = List.copyOf(userIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            jdbc.sql("""
                    INSERT INTO attendance_sessions (workshop_id, user_id, joined_at)
                    SELECT a.workshop_id, a.user_id, a.joined_at FROM workshop_attendees a
                    WHERE a.workshop_id = :workshop AND a.user_id IN (:users) AND a.status = 'joined'
                      AND NOT EXISTS (SELECT 1 FROM attendance_sessions s
                                      WHERE s.workshop_id = a.workshop_id AND s.user_id = a.user_id AND s.left_at IS NULL)""")
                    .param("workshop", workshopId)
                    .param("users", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .update();
        }
    }

    /** The attendee just became left at {@code at} (never before the session's start: markLeft clamps it). */
    void closed(long workshopId, long userId, Instant at) {
        jdbc.sql("""
                UPDATE attendance_sessions SET left_at = CASE WHEN joined_at > ? THEN joined_at ELSE ? END
                WHERE workshop_id = ? AND user_id = ? AND left_at IS NULL""").params(ts(at), ts(at), workshopId, userId).update();
    }
}
