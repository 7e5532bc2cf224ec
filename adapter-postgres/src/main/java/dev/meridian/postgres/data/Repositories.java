package dev.meridian.postgres.data;

/**
 * The repositories of this package exist only in the bean context a {@code PostgresStorage} starts for them on its own
 * pool (its {@code LookupTables}), which sets {@link #CONTEXT_PROPERTY}: an application context around the storage (the
 * server's) has these classes on its classpath but no such beans, so they never run on another DataSource.
 */
public final class Repositories {

    /** Set to {@code true} in the storage's own context only; each repository {@code @Requires} it. */
    public static final String CONTEXT_PROPERTY = "meridian.postgres.lookup-tables-context";

    private Repositories() {
    }
}
