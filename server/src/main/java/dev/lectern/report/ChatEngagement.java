package dev.lectern.report;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Chat messages per sender, from {@code chat_messages} (every message ever sent is kept there). */
@Component
class ChatEngagement implements EngagementSource {

    private final JdbcClient jdbc;

    ChatEngagement(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Kind kind() {
        return Kind.CHAT;
    }

    @Override
    public Map<Long, Integer> perUser(long workshopId) {
        Map<Long, Integer> counts = new HashMap<>();
        jdbc.sql("SELECT user_id, COUNT(*) AS n FROM chat_messages WHERE workshop_id = ? GROUP BY user_id")
                .param(workshopId)
                .query(rs -> {
                    counts.put(rs.getLong("user_id"), rs.getInt("n"));
                });
        return counts;
    }

    @Override
    public long total(long workshopId) {
        return jdbc.sql("SELECT COUNT(*) FROM chat_messages WHERE workshop_id = ?")
                .param(workshopId)
                .query(Long.class)
                .single();
    }
}
