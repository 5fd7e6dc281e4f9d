package dev.lectern.workshop;

import static dev.lectern.system.Sql.instant;
import static dev.lectern.system.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Attendee records: invitations, RSVPs, presence, roles and bans. */
@Repository
public class AttendeeRepository {

    static final RowMapper<Attendee> ROW = AttendeeRepository::map;

    private final JdbcClient jdbc;
    private final AttendanceSessions sessions;

    AttendeeRepository(JdbcClient jdbc, AttendanceSessions sessions) {
        this.jdbc = jdbc;
        this.sessions = sessions;
    }

    public Optional<Attendee> find(long workshopId, long userId) {
        return jdbc.sql("SELECT * FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                .params(workshopId, userId)
                .query(ROW)
                .optional();
    }

    /**
     * People who signed up (RSVP'd, and later joined or left); the number {@code maxAttendees} caps.
     * The host's own row (made when they enter the room) is not a sign-up.
     */
    int countSignedUp(long workshopId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM workshop_attendees a JOIN workshops w ON w.id = a.workshop_id
                WHERE a.workshop_id = ? AND a.status IN ('rsvp', 'joined', 'left') AND a.user_id <> w.host_id
                  AND a.is_panelist = FALSE""").param(workshopId).query(Integer.class).single();
    }

    void insert(long workshopId, long userId, AttendeeStatus status, Instant now) {
        jdbc.sql("""
                INSERT INTO workshop_attendees (workshop_id, user_id, status, invited_at, rsvp_at)
                VALUES (?, ?, ?, ?, ?)""")
                .params(
                        workshopId,
                        userId,
                        status.wire(),
                        ts(status == AttendeeStatus.INVITED ? now : null),
                        ts(status == AttendeeStatus.RSVP ? now : null))
                .update();
    }

    void setStatus(long workshopId, long userId, AttendeeStatus status) {
        jdbc.sql("UPDATE workshop_attendees SET status = ? WHERE workshop_id = ? AND user_id = ?")
                .params(status.wire(), workshopId, userId)
                .update();
    }

    void rsvp(long workshopId, long userId, Instant now) {
        jdbc.sql("UPDATE workshop_attendees SET status = 'rsvp', rsvp_at = ? WHERE workshop_id = ? AND user_id = ?")
                .params(ts(now), workshopId, userId)
                .update();
    }

    void delete(long workshopId, long userId) {
        jdbc.sql("DELETE FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                .params(workshopId, userId)
                .update();
    }

    public void setCoHost(long workshopId, long userId, boolean coHost) {
        jdbc.sql("""
                UPDATE workshop_attendees SET is_co_host = ?, can_speak = CASE WHEN ? THEN TRUE ELSE can_speak END
                WHERE workshop_id = ? AND user_id = ?""").params(coHost, coHost, workshopId, userId).update();
    }

    /** Bans the user: no role, no hand, out of the room. */
    public void remove(long workshopId, long userId, Instant now) {
        remove(workshopId, userId, now, null);
    }

    /** Bans the user, recording who did it (for GET …/bans). */
    public void remove(long workshopId, long userId, Instant now, Long removedBy) {
        find(workshopId, userId)
                .filter(a -> a.status() == AttendeeStatus.JOINED)
                .ifPresent(a -> markLeft(a, now));
        jdbc.sql("""
                UPDATE workshop_attendees SET status = 'removed', is_co_host = FALSE, can_speak = FALSE,
                    hand_raised_at = NULL, removed_at = ?, removed_by = ?
                WHERE workshop_id = ? AND user_id = ?""").params(ts(now), removedBy, workshopId, userId).update();
    }

    /** Everyone recorded as present in any room (the start-up of a single node closes what a crash left open). */
    List<Attendee> allJoined() {
        return jdbc.sql("SELECT * FROM workshop_attendees WHERE status = 'joined'")
                .query(ROW)
                .list();
    }

    /** Marks a present attendee as gone and adds the session to their presence time. */
    public void markLeft(Attendee a, Instant now) {
        long session = a.joinedAt() == null
                ? 0
                : Math.max(0, Duration.between(a.joinedAt(), now).toMillis());
        int marked = jdbc.sql("""
                UPDATE workshop_attendees SET status = 'left', left_at = ?, present_ms = present_ms + ?,
                    hand_raised_at = NULL
                WHERE workshop_id = ? AND user_id = ? AND status = 'joined'""")
                .params(ts(now), session, a.workshopId(), a.userId())
                .update();
        if (marked == 1) {
            sessions.closed(a.workshopId(), a.userId(), now); // the report's sessions (V40)
        }
    }

    /** At the end: whoever is present leaves now, and RSVPs that never came become {@code no_show}. */
    void closeOnEnd(long workshopId, Instant now) {
        jdbc.sql("SELECT * FROM workshop_attendees WHERE workshop_id = ? AND status = 'joined'")
                .param(workshopId)
                .query(ROW)
                .list()
                .forEach(a -> markLeft(a, now));
        jdbc.sql("UPDATE workshop_attendees SET status = 'no_show' WHERE workshop_id = ? AND status = 'rsvp'")
                .param(workshopId)
                .update();
        jdbc.sql("UPDATE workshop_attendees SET hand_raised_at = NULL WHERE workshop_id = ?")
                .param(workshopId)
                .update();
    }

    List<Long> userIdsWithStatus(long workshopId, List<AttendeeStatus> statuses) {
        return jdbc.sql(
                        "SELECT user_id FROM workshop_attendees WHERE workshop_id = :w AND status IN (:s) ORDER BY user_id")
                .param("w", workshopId)
                .param("s", statuses.stream().map(AttendeeStatus::wire).toList())
                .query(Long.class)
                .list();
    }

    private static Attendee map(ResultSet rs, int row) throws SQLException {
        return new Attendee(
                rs.getLong("workshop_id"),
                rs.getLong("user_id"),
                AttendeeStatus.fromWire(rs.getString("status")),
                instant(rs, "invited_at"),
                rs.getBoolean("is_co_host"),
                rs.getBoolean("can_speak"),
                instant(rs, "hand_raised_at"),
                instant(rs, "joined_at"),
                instant(rs, "left_at"),
                instant(rs, "first_joined_at"),
                rs.getLong("present_ms"),
                rs.getBoolean("is_panelist"),
                rs.getString("admission"));
    }
}
