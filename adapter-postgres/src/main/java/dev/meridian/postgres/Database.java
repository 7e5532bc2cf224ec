package dev.meridian.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs JDBC work on a pooled connection and turns its failures into what the ports promise. */
final class Database {

    private static final int MAX_ATTEMPTS = 5;

    private final DataSource dataSource;

    Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Work on a connection in auto-commit mode. */
    <T> T read(String doing, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.on(c);
        } catch (SQLException e) {
            throw StorageFailures.translate(doing, e);
        }
    }

    /** Work in one transaction, run again on serialization failure or deadlock. */
    <T> T inTransaction(String doing, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.on(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    GroupCommitWriter.rollbackQuietly(c);
                    throw e;
                }
            } catch (SQLException e) {
                if (!StorageFailures.isRetryable(e) || attempt >= MAX_ATTEMPTS) {
                    throw StorageFailures.translate(doing, e);
                }
            }
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T on(Connection c) throws SQLException;
    }
}
