package dev.lectern.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class DatabaseFaultsTest {

    @Test
    void connectionFailuresInAnyWrappingAreUnreachable() {
        assertThat(DatabaseFaults.isUnreachable(new CannotGetJdbcConnectionException(
                        "pool",
                        new SQLTransientConnectionException(
                                "Connection is not available, request timed out after 2000ms"))))
                .isTrue();
        assertThat(DatabaseFaults.isUnreachable(new CannotCreateTransactionException("no connection")))
                .isTrue();
        // PostgreSQL's driver: a plain SQLException with SQLSTATE 08006, which Spring may leave uncategorised
        assertThat(DatabaseFaults.isUnreachable(new UncategorizedSQLException(
                        "select",
                        "SELECT 1",
                        new SQLException("An I/O error occurred while sending to the backend.", "08006"))))
                .isTrue();
        assertThat(DatabaseFaults.isUnreachable(new IllegalStateException(new ConnectException("Connection refused"))))
                .isTrue();
        // the rollback after a dropped connection fails too: what the outage test met as a 500
        TransactionSystemException rollback =
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        assertThat(DatabaseFaults.isUnreachable(rollback)).isTrue();
        TransactionSystemException commit = new TransactionSystemException("Could not commit");
        commit.initApplicationException(new UncategorizedSQLException("x", "x", new SQLException("io", "08003")));
        assertThat(DatabaseFaults.isUnreachable(commit)).isTrue();
    }

    /** What the embedded H2 answered once the session that created its CHECK constraints was closed. */
    @Test
    void aCheckConstraintThatCannotBeEvaluatedForAClosedDatabaseIsUnreachable() {
        SQLException closed =
                new java.sql.SQLNonTransientConnectionException("The database has been closed [90098-240]", "90098");
        SQLException invalid =
                new java.sql.SQLIntegrityConstraintViolationException("Check constraint invalid", "23514", closed);
        assertThat(DatabaseFaults.isUnreachable(new DataIntegrityViolationException("insert", invalid)))
                .isTrue();
    }

    @Test
    void everythingElseIsNot() {
        assertThat(DatabaseFaults.isUnreachable(
                        new DataIntegrityViolationException("dup", new SQLException("dup", "23505"))))
                .isFalse();
        assertThat(DatabaseFaults.isUnreachable(
                        new PessimisticLockingFailureException("lock", new SQLException("t", "HYT00"))))
                .isFalse();
        assertThat(DatabaseFaults.isUnreachable(new IllegalStateException("bug")))
                .isFalse();
        assertThat(DatabaseFaults.isUnreachable(new TransactionSystemException("no SQL cause")))
                .isFalse();
        assertThat(DatabaseFaults.isUnreachable(null)).isFalse();
    }
}
