package dev.lectern.workshop;

import static dev.lectern.system.Sql.instant;
import static dev.lectern.system.Sql.ts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The live room's rows: presence, the hand queue and speaking rights (all in workshop_attendees). */
@Repository
class RoomRepository {

    /** Users per statement when many are marked at once: far below any driver's parameter limit. */
    private static final int MARK_CHUNK = 1000;

    private final JdbcClient jdbc;
    private final AttendanceSessions sessions;

    RoomRepository(JdbcClient jdbc, AttendanceSessions sessions) {
        this.jdbc = jdbc;
        this.sessions = sessions;
    }

    /** Marks a member present; a second tab of someone already joined changes nothing. */
    void markJoined(long workshopId, long userId, Instant now) {
        int marked = jdbc.sql("""
                UPDATE workshop_attendees SET status = 'joined', joined_at = ?,
                    first_joined_at = COALESCE(first_joined_at, ?)
                WHERE workshop_id = ? AND user_id = ? AND status NOT IN ('joined', 'removed')""").params(ts(now), ts(now), workshopId, userId).update();
        if (marked == 1) {
            sessions.opened(workshopId, userId, now); // the report's sessions (V40)
        }
    }

    /** {@link #markJoined(long, long, Instant)} for many users at once, a statement per thousand of them. */
    void markJoined(long workshopId, Collection<Long> userIds, Instant now) {
        List<Long> ids = List.copyOf(userIds);
        for (int from = 0; from < ids.size(); from += MARK_CHUNK) {
            jdbc.sql("""
                    UPDATE workshop_attendees SET status = 'joined', joined_at = :now,
                        first_joined_at = COALESCE(first_joined_at, :now)
                    WHERE workshop_id = :workshop AND user_id IN (:users) AND status NOT IN ('joined', 'removed')""")
                    .param("now", ts(now))
                    .param("workshop", workshopId)
                    .param("users", ids.subList(from, Math.min(ids.size(), from + MARK_CHUNK)))
                    .update();
        }
        sessions.openedAll(workshopId, ids, now); // the report's sessions (V40)
    }

    /** The host has no RSVP row; one is made on their first join so attendance includes them. */
    void insertHostIfAbsent(long workshopId, long hostId) {
        jdbc.sql("""
                INSERT INTO workshop_attendees (workshop_id, user_id, status) VALUES (?, ?, 'left')
                ON CONFLICT DO NOTHING""").params(workshopId, hostId).update();
    }

    /** Sets the hand's time unless it is already up; true if this call raised it. */
    boolean raiseHand(long workshopId, long userId, Instant now) {
        return jdbc.sql("""
                UPDATE workshop_attendees SET hand_raised_at = ?, hand_raises = hand_raises + 1
                WHERE workshop_id = ? AND user_id = ? AND hand_raised_at IS NULL""").params(ts(now), workshopId, userId).update() == 1;
    }

    /** True if the hand was up. */
    boolean lowerHand(long workshopId, long userId) {
        return jdbc.sql("""
                UPDATE workshop_attendees SET hand_raised_at = NULL
                WHERE workshop_id = ? AND user_id = ? AND hand_raised_at IS NOT NULL""").params(workshopId, userId).update() == 1;
    }

    void setCanSpeak(long workshopId, long userId, boolean canSpeak) {
        jdbc.sql("UPDATE workshop_attendees SET can_speak = ? WHERE workshop_id = ? AND user_id = ?")
                .params(canSpeak, workshopId, userId)
                .update();
    }

    List<Long> coHostIds(long workshopId) {
        return jdbc.sql("""
                SELECT user_id FROM workshop_attendees
                WHERE workshop_id = ? AND is_co_host = TRUE AND status <> 'removed' ORDER BY user_id""").param(workshopId).query(Long.class).list();
    }

    List<Long> speakerIds(long workshopId) {
        return jdbc.sql("""
                SELECT user_id FROM workshop_attendees
                WHERE workshop_id = ? AND can_speak = TRUE AND status <> 'removed' ORDER BY user_id""").param(workshopId).query(Long.class).list();
    }

    List<Long> panelistIds(long workshopId) {
        return jdbc.sql("""
                SELECT user_id FROM workshop_attendees
                WHERE workshop_id = ? AND is_panelist = TRUE AND status <> 'removed' ORDER BY user_id""").param(workshopId).query(Long.class).list();
    }

    /** The hand queue: first raised first, ties by user id so every client sees the same order. */
    List<RoomState.RaisedHand> raisedHands(long workshopId) {
        return jdbc.sql("""
                SELECT user_id, hand_raised_at FROM workshop_attendees
                WHERE workshop_id = ? AND hand_raised_at IS NOT NULL AND status <> 'removed'
                ORDER BY hand_raised_at, user_id""")
                .param(workshopId)
                .query((rs, row) -> new RoomState.RaisedHand(rs.getLong("user_id"), instant(rs, "hand_raised_at")))
                .list();
    }

    /** Users by id with their roles in the workshop (no row: no role). */
    List<RoomState.Person> people(Workshop w, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT u.id, u.display_name, u.avatar_url, a.is_co_host, a.can_speak, a.status, a.is_panelist
                FROM users u LEFT JOIN workshop_attendees a ON a.user_id = u.id AND a.workshop_id = :w
                WHERE u.id IN (:ids) ORDER BY u.id""")
                .param("w", w.id())
                .param("ids", userIds)
                .query((rs, row) -> {
                    long id = rs.getLong("id");
                    boolean host = id == w.hostId();
                    boolean removed = "removed".equals(rs.getString("status"));
                    boolean coHost = !host && !removed && rs.getBoolean("is_co_host");
                    boolean speaks = host || coHost || (!removed && rs.getBoolean("can_speak"));
                    return new RoomState.Person(
                            id,
                            rs.getString("display_name"),
                            rs.getString("avatar_url"),
                            host,
                            coHost,
                            speaks,
                            !host && !removed && rs.getBoolean("is_panelist"));
                })
                .list();
    }
}
