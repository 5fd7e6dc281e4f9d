package dev.lectern.system;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** An unreachable database fails start-up with one line naming the problem, not a page of Flyway traces. */
class DatabaseUnreachableAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // 08: connection, 28: authentication, 3D: no such database
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08")
                            || sql.getSQLState().startsWith("28")
                            || sql.getSQLState().startsWith("3D"))) {
                return new FailureAnalysis(
                        "Lectern: cannot connect to the database (" + sql.getMessage() + ")",
                        "Check LECTERN_DB_URL, LECTERN_DB_USER and LECTERN_DB_PASSWORD, and that the database is running.",
                        failure);
            }
        }
        return null;
    }
}
