package dev.lectern.admission;

import static dev.lectern.system.Sql.instant;
import static dev.lectern.system.Sql.ts;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The queue (waiting_room, waiting_sockets) and the verdict column workshop_attendees.admission. */
@Repository
class WaitingRepository {

    private final JdbcClient jdbc;

    WaitingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Puts the user at the end of the queue unless they hold a place already; true if they are new. */
    boolean enqueue(long workshopId, long userId, Instant now) {
        return jdbc.sql(
                                "INSERT INTO waiting_room (workshop_id, user_id, since) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                        .params(workshopId, userId, ts(now))
                        .update()
                == 1;
    }

    /** A socket of the user waits: they are back (a reconnect within the grace keeps the place). */
    void addSocket(long workshopId, long userId, UUID socket, String node) {
        jdbc.sql(
                        "INSERT INTO waiting_sockets (socket_id, workshop_id, user_id, node_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(socket.toString(), workshopId, userId, node)
                .update();
        jdbc.sql("UPDATE waiting_room SET gone_at = NULL WHERE workshop_id = ? AND user_id = ?")
                .params(workshopId, userId)
                .update();
    }

    /** Removes the socket; if the user has none left waiting, their grace starts now. */
    boolean removeSocket(long workshopId, long userId, UUID socket, Instant now) {
        jdbc.sql("DELETE FROM waiting_sockets WHERE socket_id = ? AND workshop_id = ?")
                .params(socket.toString(), workshopId)
                .update();
        return jdbc.sql("""
                UPDATE waiting_room SET gone_at = ? WHERE workshop_id = ? AND user_id = ? AND gone_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM waiting_sockets s WHERE s.workshop_id = ? AND s.user_id = ?)""")
                        .params(ts(now), workshopId, userId, workshopId, userId)
                        .update()
                == 1;
    }

    /** 1 = next in line; 0 if the user is not waiting. */
    int position(long workshopId, long userId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM waiting_room w, waiting_room me
                WHERE me.workshop_id = :w AND me.user_id = :u AND w.workshop_id = :w
                  AND (w.since < me.since OR (w.since = me.since AND w.seq <= me.seq))""")
                .param("w", workshopId)
                .param("u", userId)
                .query(Integer.class)
                .single();
    }

    boolean dequeue(long workshopId, long userId) {
        jdbc.sql("DELETE FROM waiting_sockets WHERE workshop_id = ? AND user_id = ?")
                .params(workshopId, userId)
                .update();
        return jdbc.sql("DELETE FROM waiting_room WHERE workshop_id = ? AND user_id = ?")
                        .params(workshopId, userId)
                        .update()
                == 1;
    }

    /** Everyone waiting, in order. */
    List<Long> waitingIds(long workshopId) {
        return jdbc.sql("SELECT user_id FROM waiting_room WHERE workshop_id = ? ORDER BY since, seq")
                .param(workshopId)
                .query(Long.class)
                .list();
    }

    void empty(long workshopId) {
        jdbc.sql("DELETE FROM waiting_sockets WHERE workshop_id = ?")
                .param(workshopId)
                .update();
        jdbc.sql("DELETE FROM waiting_room WHERE workshop_id = ?")
                .param(workshopId)
                .update();
    }

    /** Sets the verdict; callers hold the workshop's row lock. */
    void setVerdict(long workshopId, Collection<Long> userIds, String verdict) {
        if (userIds.isEmpty()) {
            return;
        }
        List<Long> ids = List.copyOf(userIds);
        for (int from = 0; from < ids.size(); from += 1000) {
            jdbc.sql("UPDATE workshop_attendees SET admission = :v WHERE workshop_id = :w AND user_id IN (:u)")
                    .param("v", verdict)
                    .param("w", workshopId)
                    .param("u", ids.subList(from, Math.min(ids.size(), from + 1000)))
                    .update();
        }
    }

    /** The queue as moderators see it, first come first. */
    List<WaitingRoom.Waiter> waiting(long workshopId) {
        return jdbc.sql("""
                SELECT w.user_id, u.display_name, u.avatar_url, w.since FROM waiting_room w JOIN users u ON u.id = w.user_id
                WHERE w.workshop_id = ? ORDER BY w.since, w.seq""")
                .param(workshopId)
                .query((rs, row) ->
                        new WaitingRoom.Waiter(rs.getLong(1), rs.getString(2), rs.getString(3), instant(rs, "since")))
                .list();
    }

    List<WaitingRoom.Denied> denied(long workshopId) {
        return jdbc.sql("""
                SELECT a.user_id, u.display_name FROM workshop_attendees a JOIN users u ON u.id = a.user_id
                WHERE a.workshop_id = ? AND a.admission = 'denied' AND a.status <> 'removed' ORDER BY a.user_id""")
                .param(workshopId)
                .query((rs, row) -> new WaitingRoom.Denied(rs.getLong(1), rs.getString(2)))
                .list();
    }

    /** Users of the queue who were removed (banned) meanwhile: they leave it. */
    List<Long> removedWaiting(long workshopId) {
        return jdbc.sql("""
                SELECT w.user_id FROM waiting_room w JOIN workshop_attendees a
                  ON a.workshop_id = w.workshop_id AND a.user_id = w.user_id
                WHERE w.workshop_id = ? AND a.status = 'removed'""").param(workshopId).query(Long.class).list();
    }

    /** Where each user stands now: their status and verdict (no row: not a member any more). */
    Map<Long, WaitingRoom.Standing> standings(long workshopId, Collection<Long> userIds) {
        Map<Long, WaitingRoom.Standing> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT user_id, status, admission FROM workshop_attendees WHERE workshop_id = :w AND user_id IN (:u)")
                .param("w", workshopId)
                .param("u", userIds)
                .query((rs, row) -> out.put(rs.getLong(1), WaitingRoom.Standing.of(rs.getString(2), rs.getString(3))))
                .list();
        return out;
    }

    /** Drops the places of users gone longer than the grace; returns the workshops whose queue changed. */
    List<Long> expire(Instant goneBefore) {
        List<Long> workshops = jdbc.sql(
                        "SELECT DISTINCT workshop_id FROM waiting_room WHERE gone_at IS NOT NULL AND gone_at <= ?")
                .param(ts(goneBefore))
                .query(Long.class)
                .list();
        if (!workshops.isEmpty()) {
            jdbc.sql("DELETE FROM waiting_room WHERE gone_at IS NOT NULL AND gone_at <= ?")
                    .param(ts(goneBefore))
                    .update();
        }
        return workshops;
    }

    /** A node's waiting sockets are gone (it died, or this is a restart): their users' grace starts now. */
    List<Long> releaseNode(String node, Instant now) {
        List<Long> workshops = jdbc.sql("SELECT DISTINCT workshop_id FROM waiting_sockets WHERE node_id = ?")
                .param(node)
                .query(Long.class)
                .list();
        jdbc.sql("DELETE FROM waiting_sockets WHERE node_id = ?").param(node).update();
        startGrace(now);
        return workshops;
    }

    /** A single node starts: no socket of an earlier run is alive; every waiting user gets the grace again. */
    void releaseAll(Instant now) {
        jdbc.sql("DELETE FROM waiting_sockets").update();
        startGrace(now);
    }

    private void startGrace(Instant now) {
        jdbc.sql("""
                UPDATE waiting_room SET gone_at = ? WHERE gone_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM waiting_sockets s WHERE s.workshop_id = waiting_room.workshop_id
                                  AND s.user_id = waiting_room.user_id)""").param(ts(now)).update();
    }
}
