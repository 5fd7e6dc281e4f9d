package dev.lectern.signaling;

import dev.lectern.cluster.LocalNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Presence with several nodes. This node's sockets are kept as on a single node ({@link LocalPresence});
 * whether a user just arrived or left, and who is present, is answered for the whole cluster from
 * PostgreSQL: a socket count per user and room (whose row is also the lock that orders that user's
 * arrivals and departures across nodes) and a row per socket naming its node. Kept in the database
 * rather than Redis so that presence stays right while Redis is away.
 */
@Component
@ConditionalOnExpression("!'${lectern.cluster.redis-url:}'.isBlank()")
class ClusteredPresence implements PresenceStore {

    /** A user whose last socket in a room went with a dead node. */
    record Departure(long workshopId, long userId) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final String node;
    private final LocalPresence here = new LocalPresence();

    ClusteredPresence(JdbcClient jdbc, PlatformTransactionManager transactions, LocalNode node) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.node = node.id();
    }

    /** True if this is the user's first socket in the room on any node. */
    @Override
    public boolean enter(long workshopId, long userId, UUID socket) {
        here.enter(workshopId, userId, socket);
        return Boolean.TRUE.equals(tx.execute(status -> {
            jdbc.sql(
                            "INSERT INTO presence_users (workshop_id, user_id, sockets) VALUES (?, ?, 0) ON CONFLICT DO NOTHING")
                    .param(workshopId)
                    .param(userId)
                    .update();
            int before = lockCount(workshopId, userId);
            int added = jdbc.sql(
                            "INSERT INTO presence_sockets (socket_id, workshop_id, user_id, node_id) VALUES (?, ?, ?, ?) "
                                    + "ON CONFLICT DO NOTHING")
                    .param(socket.toString())
                    .param(workshopId)
                    .param(userId)
                    .param(node)
                    .update();
            if (added == 0) {
                return false;
            }
            addCount(workshopId, userId, 1);
            return before == 0;
        }));
    }

    /** True if it was the user's last socket in the room on any node. */
    @Override
    public boolean exit(long workshopId, long userId, UUID socket) {
        here.exit(workshopId, userId, socket);
        return Boolean.TRUE.equals(tx.execute(status -> {
            Integer before = lockCountIfAny(workshopId, userId);
            if (before == null) {
                return false;
            }
            int removed = jdbc.sql("DELETE FROM presence_sockets WHERE socket_id = ? AND workshop_id = ?")
                    .param(socket.toString())
                    .param(workshopId)
                    .update();
            if (removed == 0) {
                return false; // evicted, or reaped while this node was taken for dead
            }
            addCount(workshopId, userId, -1);
            return before == 1;
        }));
    }

    /** Takes every socket of the user out of the room, on every node's books; returns this node's. */
    @Override
    public Set<UUID> evict(long workshopId, long userId) {
        tx.executeWithoutResult(status -> {
            if (lockCountIfAny(workshopId, userId) != null) {
                jdbc.sql("DELETE FROM presence_sockets WHERE workshop_id = ? AND user_id = ?")
                        .param(workshopId)
                        .param(userId)
                        .update();
                jdbc.sql("UPDATE presence_users SET sockets = 0 WHERE workshop_id = ? AND user_id = ?")
                        .param(workshopId)
                        .param(userId)
                        .update();
            }
        });
        return here.evictLocally(workshopId, userId);
    }

    @Override
    public Set<UUID> evictLocally(long workshopId, long userId) {
        return here.evictLocally(workshopId, userId);
    }

    @Override
    public List<Long> users(long workshopId) {
        return jdbc.sql("SELECT user_id FROM presence_users WHERE workshop_id = ? AND sockets > 0 ORDER BY user_id")
                .param(workshopId)
                .query(Long.class)
                .list();
    }

    @Override
    public int count(long workshopId) {
        return jdbc.sql("SELECT COUNT(*) FROM presence_users WHERE workshop_id = ? AND sockets > 0")
                .param(workshopId)
                .query(Integer.class)
                .single();
    }

    @Override
    public boolean isPresent(long workshopId, long userId) {
        return sockets(workshopId, userId) > 0;
    }

    @Override
    public boolean contains(long workshopId, UUID socket) {
        return here.contains(workshopId, socket);
    }

    @Override
    public Set<Long> workshopsOf(UUID socket) {
        return here.workshopsOf(socket);
    }

    /** The user's sockets in the room, on every node. */
    int sockets(long workshopId, long userId) {
        Integer n = jdbc.sql("SELECT sockets FROM presence_users WHERE workshop_id = ? AND user_id = ?")
                .param(workshopId)
                .param(userId)
                .query(Integer.class)
                .optional()
                .orElse(null);
        return n == null ? 0 : n;
    }

    /**
     * Removes a dead node's sockets, inside the caller's transaction; returns the users who have no
     * socket left in that room on any node (those who reconnected elsewhere keep theirs).
     */
    List<Departure> removeNode(String deadNode) {
        record Held(long workshopId, long userId, int sockets) {}
        List<Held> held = jdbc.sql("SELECT workshop_id, user_id, COUNT(*) AS n FROM presence_sockets WHERE node_id = ? "
                        + "GROUP BY workshop_id, user_id ORDER BY workshop_id, user_id")
                .param(deadNode)
                .query((rs, i) -> new Held(rs.getLong(1), rs.getLong(2), rs.getInt(3)))
                .list();
        List<Departure> gone = new ArrayList<>();
        for (Held h : held) { // ordered, so two reapers can never lock the same rows in opposite orders
            int before = lockCount(h.workshopId(), h.userId());
            int after = Math.max(0, before - h.sockets());
            jdbc.sql("UPDATE presence_users SET sockets = ? WHERE workshop_id = ? AND user_id = ?")
                    .param(after)
                    .param(h.workshopId())
                    .param(h.userId())
                    .update();
            if (before > 0 && after == 0) {
                gone.add(new Departure(h.workshopId(), h.userId()));
            }
        }
        jdbc.sql("DELETE FROM presence_sockets WHERE node_id = ?")
                .param(deadNode)
                .update();
        return gone;
    }

    private int lockCount(long workshopId, long userId) {
        Integer n = lockCountIfAny(workshopId, userId);
        return n == null ? 0 : n;
    }

    private Integer lockCountIfAny(long workshopId, long userId) {
        return jdbc.sql("SELECT sockets FROM presence_users WHERE workshop_id = ? AND user_id = ? FOR UPDATE")
                .param(workshopId)
                .param(userId)
                .query(Integer.class)
                .optional()
                .orElse(null);
    }

    private void addCount(long workshopId, long userId, int delta) {
        jdbc.sql("UPDATE presence_users SET sockets = sockets + ? WHERE workshop_id = ? AND user_id = ?")
                .param(delta)
                .param(workshopId)
                .param(userId)
                .update();
    }
}
