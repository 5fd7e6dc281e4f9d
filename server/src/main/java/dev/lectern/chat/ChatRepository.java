package dev.lectern.chat;

import static dev.lectern.system.Sql.instant;
import static dev.lectern.system.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class ChatRepository {

    private static final String SELECT = """
            SELECT c.*, u.display_name, u.avatar_url FROM chat_messages c JOIN users u ON u.id = c.user_id
            """;

    private final JdbcClient jdbc;

    ChatRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long workshopId, long userId, String message, long offsetMs, Instant createdAt) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql(
                        "INSERT INTO chat_messages (workshop_id, user_id, message, offset_ms, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(workshopId, userId, message, offsetMs, ts(createdAt))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** Oldest first, after the given id. */
    List<ChatMessage> page(long workshopId, long afterId, int limit) {
        return jdbc.sql(SELECT + " WHERE c.workshop_id = ? AND c.id > ? ORDER BY c.id LIMIT ?")
                .params(workshopId, afterId, limit)
                .query(ChatRepository::map)
                .list();
    }

    static ChatMessage map(ResultSet rs, int row) throws SQLException {
        return new ChatMessage(
                rs.getLong("id"),
                rs.getLong("workshop_id"),
                rs.getLong("user_id"),
                rs.getString("display_name"),
                rs.getString("avatar_url"),
                rs.getString("message"),
                rs.getLong("offset_ms"),
                instant(rs, "created_at"));
    }
}
