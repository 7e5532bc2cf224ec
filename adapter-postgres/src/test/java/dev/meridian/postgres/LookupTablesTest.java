package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.Website;
import dev.meridian.postgres.data.AccountTokenRepository;
import dev.meridian.postgres.data.ApiKeyRepository;
import dev.meridian.postgres.data.WebsiteRepository;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.inject.BeanDefinition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The bean context a storage starts for its Micronaut Data repositories: on the storage's pool, with Micronaut Data's
 * beans and the repositories only, reading no configuration of the application around it, and gone when closed.
 */
class LookupTablesTest {

    private static final List<String> OWN_PACKAGES = List.of("io.micronaut.data.", "io.micronaut.transaction.",
            "io.micronaut.aop.", "io.micronaut.context.event.", "io.micronaut.inject.provider.",
            "dev.meridian.postgres.data.");

    @Test
    void itHoldsMicronautDataAndTheRepositoriesOnTheStoragesPoolAndNoBeanOfTheClasspathAround() {
        DataSource pool = TestDatabase.storage().dataSource();
        try (LookupTables tables = LookupTables.on(pool)) {
            ApplicationContext context = tables.context();
            assertThat(context.getBean(DataSource.class)).isSameAs(pool);
            assertThat(context.getBean(WebsiteRepository.class)).isNotNull();
            for (BeanDefinition<?> definition : context.getAllBeanDefinitions()) {
                String name = definition.getClass().getName();
                assertThat(OWN_PACKAGES.stream().anyMatch(name::startsWith)
                        || definition.getBeanType() == DataSource.class
                        || name.startsWith("io.micronaut.context.")) // the context's own: environment, conversion
                        .as("%s (%s)", definition.getBeanType().getName(), name).isTrue();
            }
            // on this classpath, a context reading every bean definition would start a storage of its own
            // (PostgresStorageFactory's storage is created with the context)
            assertThat(context.containsBean(PostgresStorage.class)).isFalse();
            assertThat(context.containsBean(PostgresStorageFactory.class)).isFalse();
        }
    }

    @Test
    void itReadsNoConfigurationFileSystemPropertyOrEnvironmentVariable() {
        System.setProperty("meridian.lookup-tables-test", "visible");
        try (LookupTables tables = LookupTables.on(TestDatabase.storage().dataSource())) {
            assertThat(tables.context().getEnvironment().getPropertySources()).extracting(PropertySource::getName)
                    .containsExactly("meridian-lookup-tables");
            assertThat(tables.context().getProperty("meridian.lookup-tables-test", String.class)).isEmpty();
            assertThat(tables.context().getProperty("datasources.default.dialect", String.class)).contains("POSTGRES");
        } finally {
            System.clearProperty("meridian.lookup-tables-test");
        }
    }

    @Test
    void anApplicationContextAroundTheStorageHasNoRepositoryBeans() {
        try (ApplicationContext application = ApplicationContext.run(Map.of("meridian.storage", "memory"))) {
            assertThat(application.containsBean(WebsiteRepository.class)).isFalse();
            assertThat(application.containsBean(ApiKeyRepository.class)).isFalse();
            assertThat(application.containsBean(AccountTokenRepository.class)).isFalse();
        }
    }

    @Test
    void closedItIsStoppedAndThePoolStaysTheStoragesAndOpen() throws SQLException {
        DataSource pool = TestDatabase.storage().dataSource();
        LookupTables tables = LookupTables.on(pool);
        tables.websites().save(new Website("c00000000000000000000001", "t-lookup", "example.com", null, "USD", "UTC",
                List.of("example.com"), Instant.parse("2026-05-01T10:00:00Z")));

        tables.close();

        assertThat(tables.context().isRunning()).isFalse();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select domain from websites where id = 'c00000000000000000000001'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("example.com");
        }
    }
}
