package dev.meridian.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.meridian.core.store.StoragePortsContract;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.Storage;
import dev.meridian.ports.out.Websites;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The storage contract on the {@link Storage} bean the server uses ({@link PostgresStorageFactory}): the ports of one
 * {@link PostgresStorage}, the same implementation {@link PostgresStorageContractTest} runs without Micronaut
 * (websites and credentials through the Micronaut Data repositories, the rest plain JDBC).
 */
class MicronautStorageContractTest extends StoragePortsContract {

    private static ApplicationContext context;

    private static synchronized ApplicationContext context() {
        if (context == null) {
            EmbeddedDatabase shared = TestDatabase.server();
            context = ApplicationContext.run(Map.of("meridian.db.url", shared.jdbcUrl(),
                    "meridian.db.user", shared.user(), "meridian.db.password", shared.password(),
                    "meridian.db.writer-threads", 1, "meridian.db.pool-size", 4,
                    // the contract empties tables behind the ports' back
                    "meridian.db.website-cache-ttl", "0s"));
        }
        return context;
    }

    @AfterAll
    static synchronized void stopContext() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    protected Storage emptyStorage() {
        TestDatabase.truncateAll();
        context().getBean(PostgresStorage.class).forgetCachedVisitors();
        return context().getBean(Storage.class);
    }

    @Test
    void everyPortHasOneImplementationTheStoragesOwn() {
        PostgresStorage storage = context().getBean(PostgresStorage.class);
        Storage bean = context().getBean(Storage.class);
        assertThat(bean.websites()).as("cache off here").isSameAs(storage.websites()).isInstanceOf(RepositoryWebsites.class);
        assertThat(bean.credentials()).isSameAs(storage.credentials()).isInstanceOf(RepositoryCredentials.class);
        assertThat(bean.eventLog()).isSameAs(storage.eventLog());
        assertThat(bean.visitors()).isSameAs(storage.visitors());
        assertThat(bean.conversionHistory()).isSameAs(storage.conversionHistory());
        assertThat(bean.payments()).isSameAs(storage.payments());
        assertThat(bean.visitorHistory()).isSameAs(storage.visitorHistory());
        assertThat(bean.importSink()).containsSame(storage.importSink().orElseThrow());
        assertThat(bean.robotCounts()).containsSame(storage.robotCounts().orElseThrow());

        // and no second copy of their SQL anywhere in the adapter: the repository-backed classes are the only
        // implementations, but for the cache the server puts in front of websites, which holds no SQL of its own
        JavaClasses adapter = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.meridian.postgres");
        assertThat(implementationsOf(adapter, Websites.class))
                .containsExactlyInAnyOrder(RepositoryWebsites.class.getName(), CachedWebsites.class.getName());
        assertThat(implementationsOf(adapter, Credentials.class))
                .containsExactly(RepositoryCredentials.class.getName());
        noClasses().that().haveFullyQualifiedName(CachedWebsites.class.getName()).should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "io.micronaut.data..", "dev.meridian.postgres.data..")
                .check(adapter);
        // the repositories are used by the two classes that implement the ports with them, and set up by LookupTables
        noClasses().that().resideOutsideOfPackage("dev.meridian.postgres.data..")
                .and().doNotHaveFullyQualifiedName(RepositoryWebsites.class.getName())
                .and().doNotHaveFullyQualifiedName(RepositoryCredentials.class.getName())
                .and().doNotHaveFullyQualifiedName(LookupTables.class.getName())
                .should().dependOnClassesThat().resideInAPackage("dev.meridian.postgres.data..")
                .check(adapter);
    }

    private static List<String> implementationsOf(JavaClasses classes, Class<?> port) {
        return classes.stream().filter(c -> !c.isInterface() && c.isAssignableTo(port)).map(JavaClass::getName)
                .toList();
    }
}
