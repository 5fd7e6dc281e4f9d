package dev.lectern.webhook;

import static dev.lectern.system.Sql.instant;
import static dev.lectern.system.Sql.ts;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The outbox rows: claims, outcomes, and the pending count. */
@Repository
class Deliveries {

    record Delivery(long id, String messageId, String type, String url, String body, Instant expiresAt, int attempts) {}

    private final JdbcClient jdbc;

    Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes up to {@code limit} due rows for this sender: locked with SKIP LOCKED (a second sender
     * skips them rather than waiting) and leased until {@code leaseUntil} by moving their due time, so
     * after this transaction commits nobody else takes them until the lease runs out; a sender that
     * dies mid-attempt therefore delays a message by the lease, never loses it.
     */
    @Transactional
    public List<Delivery> claim(Instant now, Instant leaseUntil, int limit) {
        List<Delivery> due = jdbc.sql("""
                SELECT id, message_id, event_type, url, body, expires_at, attempts FROM webhook_deliveries
                WHERE state = 'pending' AND next_attempt_at <= ?
                ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(ts(now), limit)
                .query((rs, row) -> new Delivery(
                        rs.getLong("id"),
                        rs.getString("message_id"),
                        rs.getString("event_type"),
                        rs.getString("url"),
                        rs.getString("body"),
                        instant(rs, "expires_at"),
                        rs.getInt("attempts")))
                .list();
        for (Delivery d : due) {
            jdbc.sql("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?")
                    .params(ts(leaseUntil), d.id())
                    .update();
        }
        return due;
    }

    void delivered(long id, int status, Instant now) {
        jdbc.sql("""
                UPDATE webhook_deliveries SET state = 'delivered', delivered_at = ?, attempts = attempts + 1,
                    last_status = ?, last_error = NULL
                WHERE id = ? AND state = 'pending'""").params(ts(now), status, id).update();
    }

    void retryAt(long id, Integer status, String error, Instant next) {
        jdbc.sql("""
                UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, last_error = ?, next_attempt_at = ?
                WHERE id = ? AND state = 'pending'""").params(status, cut(error), ts(next), id).update();
    }

    /** True if this call dropped it (a row another sender finished meanwhile is left alone). */
    boolean dropped(long id, Integer status, String error) {
        return jdbc.sql("""
                UPDATE webhook_deliveries SET state = 'dropped', attempts = attempts + 1, last_status = ?, last_error = ?
                WHERE id = ? AND state = 'pending'""").params(status, cut(error), id).update() == 1;
    }

    long pending() {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'")
                .query(Long.class)
                .single();
    }

    private static String cut(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
