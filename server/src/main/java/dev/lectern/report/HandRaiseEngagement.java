package dev.lectern.report;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Hand raises per attendee, from the counter {@code workshop_attendees.hand_raises} (V40) that each raise adds to. */
@Component
class HandRaiseEngagement implements EngagementSource {

    private final JdbcClient jdbc;

    HandRaiseEngagement(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Kind kind() {
        return Kind.HAND_RAISES;
    }

    @Override
    public Map<Long, Integer> perUser(long workshopId) {
        Map<Long, Integer> counts = new HashMap<>();
        jdbc.sql("SELECT user_id, hand_raises FROM workshop_attendees WHERE workshop_id = ? AND hand_raises > 0")
                .param(workshopId)
                .query(rs -> {
                    counts.put(rs.getLong("user_id"), rs.getInt("hand_raises"));
                });
        return counts;
    }

    @Override
    public long total(long workshopId) {
        return jdbc.sql("SELECT COALESCE(SUM(hand_raises), 0) FROM workshop_attendees WHERE workshop_id = ?")
                .param(workshopId)
                .query(Long.class)
                .single();
    }
}
