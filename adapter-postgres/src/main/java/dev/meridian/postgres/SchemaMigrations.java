package dev.meridian.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema of {@code db/migration}, migrated by Flyway, with one shortcut: when Flyway's schema history already
 * holds exactly the migrations of this jar, each applied successfully with the checksum of its file here, and
 * nothing else, there is nothing for Flyway to do, and one query says so. Setting Flyway up (its plugins, the scan
 * of the fat jar for migrations) and its validation cost 1.2–1.6 s of CPU as a JVM's first work, about 0.5 s in a
 * server started with its class-data sharing archive (docs/benchmarks/startup.md, section 5); the query costs
 * about 0.1 s. In every other case (no history, a
 * migration missing or failed, a checksum or name that differs, a version this jar does not know, a history row of
 * another kind) Flyway runs exactly as it did without the shortcut and decides: it applies, refuses or warns as
 * before.
 *
 * <p>{@link #RELEASED} names the migrations of {@code db/migration} so that they need not be found by scanning
 * the jar; {@code SchemaMigrationsTest} fails when it and the directory differ. The checksums are Flyway's (CRC32
 * of the file's lines, UTF-8, without line breaks or byte-order mark), computed here from the files themselves and
 * checked against the ones Flyway records by the same test.
 */
final class SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    static final String LOCATION = "db/migration";

    /** Every file of {@code db/migration}, in version order: a new migration is added here too. */
    static final List<String> RELEASED = List.of(
            "V1__storage_ports.sql",
            "V2__payments_identity.sql",
            "V5__api_key_ids.sql",
            "V6__robot_counts.sql",
            "V7__account_token_ids.sql",
            "V8__visitor_events.sql",
            "V9__visitors_active_partial.sql",
            "V10__visitor_device_details.sql",
            "V11__robot_visitors.sql",
            "V12__events_visitor_c_keys.sql",
            "V13__visitor_hour_counts.sql",
            "V14__visitors_unchanged_check.sql");

    private static final Pattern FILE_NAME = Pattern.compile("V([0-9_.]+)__(.+)\\.sql");

    /** How {@link #migrate} found the schema. */
    enum Outcome {
        /** The history already held exactly this jar's migrations: Flyway was not started. */
        UP_TO_DATE,
        /** Flyway ran (and applied what was missing, or found nothing to do). */
        MIGRATED_BY_FLYWAY
    }

    /** One migration as Flyway's schema history records it. */
    record Applied(String version, String script, int checksum) {
    }

    private SchemaMigrations() {
    }

    /**
     * Brings the schema on {@code dataSource} to this jar's latest migration, or refuses as Flyway does.
     *
     * @throws org.flywaydb.core.api.FlywayException when Flyway refuses (a failed or changed migration, …)
     */
    static Outcome migrate(DataSource dataSource) {
        List<Applied> expected = released();
        List<Applied> history = history(dataSource);
        if (expected.equals(history)) {
            LOG.info("Schema up to date at version {} (Flyway's history checked: {} migrations, checksums match)",
                    expected.get(expected.size() - 1).version(), expected.size());
            return Outcome.UP_TO_DATE;
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:" + LOCATION).load().migrate();
        return Outcome.MIGRATED_BY_FLYWAY;
    }

    /** This jar's migrations as a successful history would record them. */
    static List<Applied> released() {
        List<Applied> migrations = new ArrayList<>(RELEASED.size());
        for (String file : RELEASED) {
            Matcher name = FILE_NAME.matcher(file);
            if (!name.matches()) {
                throw new IllegalStateException("not a versioned migration's name: " + file);
            }
            migrations.add(new Applied(name.group(1).replace('_', '.'), file, checksum(file)));
        }
        return migrations;
    }

    /**
     * The successful versioned SQL migrations of Flyway's history, in the order they were applied; {@code null} in
     * place of the list when the history holds anything else (a failed migration, a baseline, a repeatable
     * migration, …) or cannot be read (no history yet): then only Flyway can say what to do.
     */
    static List<Applied> history(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select version, script, checksum, type, success "
                     + "from flyway_schema_history order by installed_rank")) {
            List<Applied> applied = new ArrayList<>();
            while (rows.next()) {
                int checksum = rows.getInt("checksum");
                boolean noChecksum = rows.wasNull();
                if (!"SQL".equals(rows.getString("type")) || !rows.getBoolean("success") || noChecksum
                        || rows.getString("version") == null) {
                    return null;
                }
                applied.add(new Applied(rows.getString("version"), rows.getString("script"), checksum));
            }
            return applied;
        } catch (SQLException noHistoryYet) {
            // e.g. 42P01, no flyway_schema_history on a new database; a server that does not answer fails in Flyway
            LOG.debug("Flyway's schema history not readable: {}", noHistoryYet.getMessage());
            return null;
        }
    }

    /** Flyway's checksum of a SQL migration: CRC32 over its lines' UTF-8 bytes, without line breaks and BOM. */
    static int checksum(String file) {
        String resource = LOCATION + "/" + file;
        try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(resource)) {
            Objects.requireNonNull(in, () -> "migration " + resource + " is not on the classpath");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096);
            CRC32 crc = new CRC32();
            String line = reader.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            while (line != null) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                line = reader.readLine();
            }
            return (int) crc.getValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migration " + resource, e);
        }
    }
}
