package dev.meridian.postgres;

import dev.meridian.ports.error.StorageUnavailableException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Set;
import java.util.function.Supplier;

/** Turns JDBC failures into what the ports promise: {@link StorageUnavailableException} when the database cannot take work now. */
final class StorageFailures {

    /** Read-only transaction, disk full, out of memory, too many connections. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("25006", "53000", "53100", "53200", "53300", "53400");
    /** Shutdown in progress, crash shutdown, cannot connect now, database dropped. */
    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03", "57P04", "57P05");
    /** Serialization failure, deadlock: the transaction may simply be run again. */
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01");

    /**
     * What HikariCP's proxy throws, without an SQL state, for any use of a connection the pool has closed: it closes
     * one whose statement failed with a connection error (08…) while a caller still holds it, so a repository's next
     * call on it (Micronaut Data's rollback or next statement) reports this instead of the outage.
     */
    private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

    private StorageFailures() {
    }

    static boolean isUnavailable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof java.io.IOException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() == null
                    && HIKARI_CLOSED_CONNECTION.equals(sql.getMessage())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state) || SHUTDOWN_STATES.contains(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isRetryable(SQLException e) {
        return e.getSQLState() != null && RETRYABLE_STATES.contains(e.getSQLState());
    }

    /**
     * Runs a Micronaut Data repository call: the SQLException it wraps (in a DataAccessException, a connection or a
     * transaction exception) is translated as JDBC's would be; other failures pass unchanged.
     */
    static <T> T translating(String doing, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            SQLException sql = sqlCause(e);
            throw sql == null ? e : translate(doing, sql);
        }
    }

    /** The first SQLException among {@code e}'s causes ({@code e} included), or null. */
    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** The exception to throw to a port's caller for {@code e}. */
    static RuntimeException translate(String doing, SQLException e) {
        if (isUnavailable(e)) {
            return new StorageUnavailableException("storage unavailable while " + doing + ": " + e.getMessage(), e);
        }
        return new IllegalStateException("storage failed while " + doing + ": " + e.getMessage(), e);
    }
}
