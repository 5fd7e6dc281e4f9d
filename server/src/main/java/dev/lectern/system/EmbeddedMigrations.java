package dev.lectern.system;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * On the embedded H2 default, Flyway migrates through one connection of its own that stays open as long as
 * the server runs, not through the pool.
 *
 * <p>Why: an H2 CHECK constraint keeps a reference to the session that created it. Through the pool, that
 * session was a pooled connection; Hikari retires every connection after its maxLifetime (30 min), and
 * once the migrating one had been closed, every write that evaluates a CHECK constraint (all tables have
 * some) failed with SQLSTATE 23514 "Check constraint invalid", caused by 90098 "The database has been
 * closed" — answered as 409 conflict until a restart, when H2 reloads the constraints with its own
 * system session. Only the first run on a fresh database (the one that migrates) was affected.
 * {@code EmbeddedH2ReopenTest} reproduces it. PostgreSQL migrates through the pool as before.
 */
@Component
class EmbeddedMigrations implements FlywayMigrationStrategy, DisposableBean {

    private final Deployment deployment;
    private final SingleConnectionDataSource session;

    EmbeddedMigrations(
            Deployment deployment,
            @Value("${spring.datasource.url}") String url,
            @Value("${spring.datasource.username:}") String user,
            @Value("${spring.datasource.password:}") String password) {
        this.deployment = deployment;
        // opened on first use only, so a PostgreSQL deployment never opens it; close() is a no-op for Flyway
        this.session = new SingleConnectionDataSource(url, user, password, true);
    }

    @Override
    public void migrate(Flyway flyway) {
        if (!deployment.embedded()) {
            flyway.migrate();
            return;
        }
        Flyway.configure(flyway.getConfiguration().getClassLoader())
                .configuration(flyway.getConfiguration())
                .dataSource(session)
                .load()
                .migrate();
    }

    /** At shutdown, after the server stopped taking requests. */
    @Override
    public void destroy() {
        session.destroy();
    }
}
