package dev.lectern.workshop;

import static dev.lectern.system.Sql.instant;
import static dev.lectern.system.Sql.nullableLong;
import static dev.lectern.system.Sql.ts;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of editing, un-inviting and unbanning (CONTRACT §7.1), beside the rows it touches. */
@Repository
class PlatformRepository {

    private final JdbcClient jdbc;

    PlatformRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes the edited row. {@code bumpSequence}: a calendar-visible field changed (RFC 5545 SEQUENCE);
     * {@code startMoved}: reminders already past at {@code now} are not planned for the new start.
     */
    void update(Workshop w, boolean bumpSequence, boolean startMoved, Instant now) {
        jdbc.sql("""
                UPDATE workshops SET title = ?, description = ?, is_private = ?, scheduled_start = ?,
                    duration_minutes = ?, max_attendees = ?, category_id = ?, admission = ?, qa_mode = ?,
                    qa_anonymous = ?,
                    calendar_sequence = calendar_sequence + ?,
                    start_changed_at = CASE WHEN ? THEN ? ELSE start_changed_at END
                WHERE id = ?""")
                .params(
                        w.title(),
                        w.description(),
                        w.isPrivate(),
                        ts(w.scheduledStart()),
                        w.durationMinutes(),
                        w.maxAttendees(),
                        w.categoryId(),
                        w.admission().wire(),
                        w.qaMode().wire(),
                        w.qaAnonymous(),
                        bumpSequence ? 1 : 0,
                        startMoved,
                        ts(now),
                        w.id())
                .update();
    }

    void bumpSequence(long workshopId) {
        jdbc.sql("UPDATE workshops SET calendar_sequence = calendar_sequence + 1 WHERE id = ?")
                .param(workshopId)
                .update();
    }

    boolean isPanelist(long workshopId, long userId) {
        return jdbc.sql("SELECT is_panelist FROM workshop_attendees WHERE workshop_id = ? AND user_id = ?")
                .params(workshopId, userId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** The invitation and the panelist role end; status, RSVP and attendance are the caller's to settle. */
    void endInvitation(long workshopId, long userId) {
        jdbc.sql(
                        "UPDATE workshop_attendees SET invited_at = NULL, is_panelist = FALSE WHERE workshop_id = ? AND user_id = ?")
                .params(workshopId, userId)
                .update();
    }

    /** Lifts a ban without giving back any role, right or admission. */
    void unban(long workshopId, long userId) {
        jdbc.sql("""
                UPDATE workshop_attendees SET status = 'invited', is_co_host = FALSE, can_speak = FALSE,
                    is_panelist = FALSE, admission = NULL, hand_raised_at = NULL, removed_at = NULL, removed_by = NULL
                WHERE workshop_id = ? AND user_id = ?""").params(workshopId, userId).update();
    }

    /** Bans, oldest first; those banned before V30 have no time and come first. */
    List<Ban> bans(long workshopId) {
        return jdbc.sql("""
                SELECT a.user_id, u.display_name, a.removed_at, a.removed_by
                FROM workshop_attendees a JOIN users u ON u.id = a.user_id
                WHERE a.workshop_id = ? AND a.status = 'removed'
                ORDER BY a.removed_at NULLS FIRST, a.user_id""")
                .param(workshopId)
                .query((rs, row) -> new Ban(
                        rs.getLong("user_id"),
                        rs.getString("display_name"),
                        instant(rs, "removed_at"),
                        nullableLong(rs, "removed_by")))
                .list();
    }

    /** One ban in GET …/bans. */
    public record Ban(long userId, String displayName, Instant removedAt, Long removedBy) {}
}
