package dev.meridian.postgres;

import dev.meridian.postgres.data.AccountTokenRepository;
import dev.meridian.postgres.data.ApiKeyRepository;
import dev.meridian.postgres.data.Repositories;
import dev.meridian.postgres.data.WebsiteRepository;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextConfiguration;
import io.micronaut.context.DefaultApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.BeanDefinitionReference;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The lookup tables ({@code websites}, {@code api_keys}, {@code account_tokens}) through Micronaut Data JDBC, on the
 * storage's pool: {@link RepositoryWebsites} and {@link RepositoryCredentials} over the repositories of
 * {@code dev.meridian.postgres.data}.
 *
 * <p>A Micronaut Data repository is an introduction that exists only in a bean context (its generated code runs on
 * the context's interceptors, repository operations and transaction manager). {@link PostgresStorage} must work
 * without any Micronaut application (embedding, tools, the contract tests), and inside one it must not claim the
 * application's {@code default} DataSource or need its settings. So every storage starts a bean context of its own,
 * holding only the pool (as its {@code default} DataSource) and the beans of Micronaut Data, its transaction manager
 * and these repositories, and closes it when the storage closes. Nothing else of the classpath is loaded into it: no
 * bean of the application around it, no configuration file, no environment variable.
 */
final class LookupTables implements AutoCloseable {

    /**
     * The packages whose beans the context holds: Micronaut Data (JDBC, connections, transactions), what every bean
     * context needs of Micronaut's own (the interceptor registry the repositories' introduction advice runs on, event
     * publishers, providers) and our repositories.
     */
    private static final List<String> BEAN_PACKAGES = List.of("io.micronaut.data.", "io.micronaut.transaction.",
            "io.micronaut.aop.", "io.micronaut.context.event.", "io.micronaut.inject.provider.",
            "dev.meridian.postgres.data.");

    private final ApplicationContext context;
    private final RepositoryWebsites websites;
    private final RepositoryCredentials credentials;

    private LookupTables(ApplicationContext context) {
        this.context = context;
        this.websites = new RepositoryWebsites(context.getBean(WebsiteRepository.class));
        this.credentials = new RepositoryCredentials(context.getBean(ApiKeyRepository.class),
                context.getBean(AccountTokenRepository.class), transactionsOf(context));
    }

    /** Starts the repositories' context on {@code pool}, which stays the caller's to close. */
    static LookupTables on(DataSource pool) {
        ApplicationContext context = new RepositoryContext();
        try {
            context.getEnvironment().addPropertySource(PropertySource.of("meridian-lookup-tables",
                    // Micronaut Data's settings for the default DataSource (DataJdbcConfiguration); the repositories
                    Map.of("datasources.default.dialect", "POSTGRES", Repositories.CONTEXT_PROPERTY, "true")));
            context.registerSingleton(DataSource.class, pool, Qualifiers.byName("default"), false);
            context.start();
            return new LookupTables(context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    RepositoryWebsites websites() {
        return websites;
    }

    RepositoryCredentials credentials() {
        return credentials;
    }

    /** The repositories' context (for tests). */
    ApplicationContext context() {
        return context;
    }

    /** Stops the context (the pool is not its to close). */
    @Override
    public void close() {
        context.close();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TransactionOperations<Connection> transactionsOf(ApplicationContext context) {
        return (TransactionOperations<Connection>) context.getBean(
                (Argument) Argument.of(TransactionOperations.class, Connection.class), Qualifiers.byName("default"));
    }

    /** A context with no configuration source and no bean outside {@link #BEAN_PACKAGES}. */
    private static final class RepositoryContext extends DefaultApplicationContext {

        RepositoryContext() {
            super(new ApplicationContextConfiguration() {
                @Override
                public List<String> getEnvironments() {
                    return List.of();
                }

                @Override
                public Optional<Boolean> getDeduceEnvironments() {
                    return Optional.of(false);
                }

                @Override
                public boolean isDeduceCloudEnvironment() {
                    return false;
                }

                @Override
                public boolean isEnableDefaultPropertySources() {
                    return false;
                }

                @Override
                public boolean isEnvironmentPropertySource() {
                    return false;
                }

                @Override
                public boolean isBannerEnabled() {
                    return false;
                }

                @Override
                public Boolean isBootstrapEnvironmentEnabled() {
                    return false;
                }

                @Override
                public ClassLoader getClassLoader() {
                    return LookupTables.class.getClassLoader();
                }
            });
        }

        @Override
        protected List<BeanDefinitionReference> resolveBeanDefinitionReferences() {
            return super.resolveBeanDefinitionReferences().stream()
                    .filter(reference -> BEAN_PACKAGES.stream().anyMatch(reference.getBeanDefinitionName()::startsWith))
                    .toList();
        }
    }
}
