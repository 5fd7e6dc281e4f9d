package dev.lectern.identity;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users as the tokens describe them; a user row exists from a user's first contact (or first invite). */
@Repository
public class UserRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    UserRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Creates the user or brings name and avatar up to date with the latest token. */
    void save(CurrentUser user) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        jdbc.sql("""
                INSERT INTO users (id, display_name, avatar_url, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(user.id(), user.displayName(), user.avatarUrl(), now, now)
                .update();
        jdbc.sql("""
                UPDATE users SET display_name = ?, avatar_url = ?, updated_at = ?
                WHERE id = ? AND (display_name <> ? OR avatar_url IS DISTINCT FROM ?)""")
                .params(user.displayName(), user.avatarUrl(), now, user.id(), user.displayName(), user.avatarUrl())
                .update();
    }

    /** Makes sure rows exist for users known only by id (invitees who never logged in yet). */
    public void ensureExist(Collection<Long> ids) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        for (long id : ids) {
            jdbc.sql("""
                    INSERT INTO users (id, display_name, avatar_url, created_at, updated_at)
                    VALUES (?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING""").params(id, "User " + id, now, now).update();
        }
    }
}
