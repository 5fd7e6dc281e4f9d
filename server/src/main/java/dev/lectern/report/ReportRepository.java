package dev.lectern.report;

import static dev.lectern.system.Sql.instant;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the sessions the workshop package writes ({@code attendance_sessions}, V40). */
@Repository
class ReportRepository {

    record SessionRow(long userId, String displayName, Instant joinedAt, Instant leftAt) {}

    private final JdbcClient jdbc;

    ReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every session of everyone but the host, by first arrival then user, each user's oldest first. */
    List<SessionRow> sessions(long workshopId, long hostId) {
        return jdbc.sql("""
                SELECT s.user_id, u.display_name, s.joined_at, s.left_at,
                    MIN(s.joined_at) OVER (PARTITION BY s.user_id) AS first_joined
                FROM attendance_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.workshop_id = ? AND s.user_id <> ?
                ORDER BY first_joined, s.user_id, s.joined_at, s.id""")
                .params(workshopId, hostId)
                .query((rs, row) -> new SessionRow(
                        rs.getLong("user_id"),
                        rs.getString("display_name"),
                        instant(rs, "joined_at"),
                        instant(rs, "left_at")))
                .list();
    }
}
