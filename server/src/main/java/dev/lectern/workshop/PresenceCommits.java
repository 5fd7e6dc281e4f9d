package dev.lectern.workshop;

import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Lets a presence transaction (a join or leave mark) commit without waiting for PostgreSQL's WAL
 * flush. That wait (an fsync, 2.5 ms on our test machine) was most of a join's time, and joins of
 * one workshop run one after another: it capped a room at about 200 joins a second. The marks are
 * soft state: a database crash may lose the last fraction of a second of them (PostgreSQL flushes
 * within 3 × wal_writer_delay), never a chat message or a moderation change, which keep the default.
 * The commit is still ordered and visible to every later read. Other databases are left alone.
 */
@Component
class PresenceCommits {

    private final JdbcClient jdbc;
    private final boolean postgres;

    PresenceCommits(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.postgres = isPostgres(dataSource);
    }

    /** Call inside the presence transaction, before it commits. */
    void relax() {
        if (postgres) {
            jdbc.sql("SET LOCAL synchronous_commit TO OFF").update();
        }
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            String name = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return "PostgreSQL".equals(JdbcUtils.commonDatabaseName(name));
        } catch (MetaDataAccessException e) {
            return false; // no metadata: keep the default, durable commit
        }
    }
}
