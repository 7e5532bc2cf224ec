package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class SchemaMigrationsTest {

    /** Each test its own database on the shared server. */
    private static PGSimpleDataSource newDatabase() {
        return TestDatabase.newDatabase("schema_migrations");
    }

    private static void execute(PGSimpleDataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Test
    void theListOfReleasedMigrationsIsExactlyTheFilesOfDbMigration() throws IOException, URISyntaxException {
        URL directory = SchemaMigrations.class.getClassLoader().getResource(SchemaMigrations.LOCATION);
        assertThat(directory).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted(SchemaMigrationsTest::byVersion))
                    .as("SchemaMigrations.RELEASED must name every file of db/migration, in version order: a migration "
                            + "missing from it would be skipped on databases that are up to date with the others")
                    .containsExactlyElementsOf(SchemaMigrations.RELEASED);
        }
    }

    private static int byVersion(String a, String b) {
        return Integer.compare(version(a), version(b));
    }

    private static int version(String file) {
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

    @Test
    void aNewDatabaseIsMigratedByFlywayAndTheChecksumsComputedHereAreTheOnesFlywayRecords() {
        PGSimpleDataSource database = newDatabase();

        assertThat(SchemaMigrations.migrate(database)).isEqualTo(SchemaMigrations.Outcome.MIGRATED_BY_FLYWAY);

        assertThat(SchemaMigrations.history(database)).isEqualTo(SchemaMigrations.released());
    }

    @Test
    void aSchemaAtThisJarsLatestVersionIsNotHandedToFlywayAgain() {
        PGSimpleDataSource database = newDatabase();
        SchemaMigrations.migrate(database);

        assertThat(SchemaMigrations.migrate(database)).isEqualTo(SchemaMigrations.Outcome.UP_TO_DATE);
        assertThat(SchemaMigrations.migrate(database)).isEqualTo(SchemaMigrations.Outcome.UP_TO_DATE);
    }

    @Test
    void aMissingMigrationIsStillAppliedByFlyway() {
        PGSimpleDataSource database = newDatabase();
        List<SchemaMigrations.Applied> released = SchemaMigrations.released();
        // the schema as the jar before the latest migration made it
        Flyway.configure().dataSource(database).locations("classpath:" + SchemaMigrations.LOCATION)
                .target(released.get(released.size() - 2).version()).load().migrate();
        assertThat(SchemaMigrations.history(database)).isEqualTo(released.subList(0, released.size() - 1));

        assertThat(SchemaMigrations.migrate(database)).isEqualTo(SchemaMigrations.Outcome.MIGRATED_BY_FLYWAY);

        assertThat(SchemaMigrations.history(database)).isEqualTo(released);
    }

    @Test
    void aSchemaNewerThanThisJarIsLeftToFlywayAsBefore() {
        PGSimpleDataSource database = newDatabase();
        SchemaMigrations.migrate(database);
        execute(database, "insert into flyway_schema_history (installed_rank, version, description, type, script, "
                + "checksum, installed_by, execution_time, success) select max(installed_rank) + 1, '999', 'newer', "
                + "'SQL', 'V999__newer.sql', 1, current_user, 1, true from flyway_schema_history");

        assertThat(SchemaMigrations.history(database)).hasSize(SchemaMigrations.RELEASED.size() + 1);
        assertThat(SchemaMigrations.migrate(database)).isEqualTo(SchemaMigrations.Outcome.MIGRATED_BY_FLYWAY);
    }

    @Test
    void aChangedMigrationIsStillRefusedByFlywaysValidation() {
        PGSimpleDataSource database = newDatabase();
        SchemaMigrations.migrate(database);
        execute(database, "update flyway_schema_history set checksum = checksum + 1 where version = '1'");

        assertThatThrownBy(() -> SchemaMigrations.migrate(database)).isInstanceOf(FlywayException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void aFailedMigrationIsStillReportedByFlyway() {
        PGSimpleDataSource database = newDatabase();
        SchemaMigrations.migrate(database);
        execute(database, "update flyway_schema_history set success = false where version = '7'");

        assertThat(SchemaMigrations.history(database)).isNull();
        assertThatThrownBy(() -> SchemaMigrations.migrate(database)).isInstanceOf(FlywayException.class)
                .hasMessageContaining("failed migration");
    }
}
