package dev.lectern.notification;

import static dev.lectern.system.Sql.instant;
import static dev.lectern.system.Sql.ts;

import dev.lectern.system.LecternException.NotFound;
import dev.lectern.system.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores notifications in the caller's transaction and announces them once it commits, so a
 * rolled-back cancel notifies nobody.
 */
@Service
public class NotificationService {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final RowMapper<Notification> row = this::map;

    NotificationService(JdbcClient jdbc, JsonMapper json, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.events = events;
    }

    /**
     * One notification per user. With a {@code dedupeKey}, a user gets it at most once however often
     * this is called (the key is suffixed with the user id).
     */
    @Transactional
    public List<Notification> notify(Collection<Long> userIds, String type, Map<String, ?> payload, String dedupeKey) {
        Instant now = Sql.now(clock);
        String body = json.writeValueAsString(payload);
        JsonNode tree = json.readTree(body);
        List<Notification> created = new ArrayList<>();
        for (long userId : userIds) {
            var keys = new GeneratedKeyHolder();
            int inserted = jdbc.sql("""
                    INSERT INTO notifications (user_id, type, payload, dedupe_key, created_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(userId, type, body, dedupeKey == null ? null : dedupeKey + ":" + userId, ts(now))
                    .update(keys, "id");
            if (inserted == 1) {
                created.add(new Notification(keys.getKeyAs(Long.class), userId, type, tree, now, null));
            }
        }
        if (!created.isEmpty()) {
            events.publishEvent(new NotificationsCreated(List.copyOf(created)));
        }
        return created;
    }

    public List<Notification> list(long userId, boolean unreadOnly, int limit) {
        return jdbc.sql("""
                SELECT * FROM notifications WHERE user_id = ? AND (? = FALSE OR read_at IS NULL)
                ORDER BY id DESC LIMIT ?""").params(userId, unreadOnly, limit).query(row).list();
    }

    @Transactional
    public Notification markRead(long userId, long id) {
        jdbc.sql("UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL")
                .params(ts(Sql.now(clock)), id, userId)
                .update();
        return jdbc.sql("SELECT * FROM notifications WHERE id = ? AND user_id = ?")
                .params(id, userId)
                .query(row)
                .optional()
                .orElseThrow(() -> new NotFound("notification " + id));
    }

    private Notification map(ResultSet rs, int rowNum) throws SQLException {
        return new Notification(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getString("type"),
                json.readTree(rs.getString("payload")),
                instant(rs, "created_at"),
                instant(rs, "read_at"));
    }
}
