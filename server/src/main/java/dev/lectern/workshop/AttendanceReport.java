package dev.lectern.workshop;

import static dev.lectern.system.Sql.instant;

import dev.lectern.system.Sql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Who came, when, and for how long; for the host and co-hosts. */
@Service
public class AttendanceReport {

    private final Memberships memberships;
    private final JdbcClient jdbc;
    private final Clock clock;

    AttendanceReport(Memberships memberships, JdbcClient jdbc, Clock clock) {
        this.memberships = memberships;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Line(
            long userId,
            String displayName,
            String status,
            Instant firstJoinedAt,
            Instant lastLeftAt,
            long presentMs,
            boolean isPanelist) {}

    @Transactional(readOnly = true)
    public List<Line> of(long workshopId, long userId) {
        memberships.require(workshopId, userId, Access.MANAGE, "see attendance");
        Instant now = Sql.now(clock);
        return jdbc.sql("""
                SELECT a.*, u.display_name FROM workshop_attendees a JOIN users u ON u.id = a.user_id
                WHERE a.workshop_id = ? ORDER BY a.first_joined_at NULLS LAST, a.user_id""")
                .param(workshopId)
                .query((rs, row) -> {
                    Instant joinedAt = instant(rs, "joined_at");
                    long present = rs.getLong("present_ms");
                    // someone still in the room has been present since their last join
                    if ("joined".equals(rs.getString("status")) && joinedAt != null) {
                        present += Math.max(0, Duration.between(joinedAt, now).toMillis());
                    }
                    return new Line(
                            rs.getLong("user_id"),
                            rs.getString("display_name"),
                            rs.getString("status"),
                            instant(rs, "first_joined_at"),
                            instant(rs, "left_at"),
                            present,
                            rs.getBoolean("is_panelist"));
                })
                .list();
    }
}
