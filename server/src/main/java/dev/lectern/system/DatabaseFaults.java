package dev.lectern.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells "the database cannot be reached" from every other failure, for REST (503 {@code unavailable} with
 * {@code Retry-After}) and socket acks ({@code unavailable}) alike: the request was fine, the server will be
 * again once the database is back (Hikari replaces broken connections by itself, no restart needed).
 */
public final class DatabaseFaults {

    /** What REST answers in {@code Retry-After}: a few pool connection attempts' worth. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseFaults() {}

    public static boolean isUnreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransactionSystemException tse) {
                // a commit or rollback that failed at the JDBC level: the connection broke under it (the
                // failure that made Spring roll back, if any, is the "application exception")
                if (tse.getCause() instanceof SQLException
                        || (tse.getApplicationException() != null && isUnreachable(tse.getApplicationException()))) {
                    return true;
                }
            }
            if (t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof ConnectException) {
                return true;
            }
            // SQLSTATE class 08: connection exception (PostgreSQL's driver reports a dropped connection so)
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
