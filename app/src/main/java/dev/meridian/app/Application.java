package dev.meridian.app;

import dev.meridian.postgres.EarlyEmbeddedDatabase;
import dev.meridian.postgres.PostgresStorageFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Starts the Meridian server; {@code import …} runs the import command instead (see {@link ImportCommand}). */
public final class Application {

    /** The environment of command-line runs: no server, no admin token. */
    static final String CLI_ENVIRONMENT = "cli";

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("import")) {
            // before the first logger exists: standard output is the command's report
            System.setProperty("logback.configurationFile", "logback-cli.xml");
            System.exit(ImportCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Micronaut server = Micronaut.build(args).mainClass(Application.class).defaultEnvironments("prod");
        if (enrichmentMayBeOn(System.getenv(), System.getProperty("meridian.enrichment.enabled"))) {
            // first of all: the User-Agent parser loads alongside Micronaut, PostgreSQL and the migrations
            server.singletons(UserAgentParserLoad.start());
        }
        // then the embedded PostgreSQL, alongside Micronaut's own start instead of inside it (the storage takes it
        // over if its configuration names the same database, and stops it otherwise)
        EarlyEmbeddedDatabase early = embeddedDatabaseToStartEarly(System.getenv(), System.getProperties(), args)
                .map(db -> EarlyEmbeddedDatabase.start(db.dataDirectory(), db.port()))
                .orElse(null);
        if (early != null) {
            server.singletons(early);
        }
        ApplicationContext context = server.start();
        if (early != null && context.isRunning()) {
            early.discard(); // not taken: the storage is not that database (nothing happens if it was taken)
        }
    }

    /**
     * Whether to start the User-Agent parser's load before the configuration is read: not when enrichment is turned
     * off where that is cheap to see ({@code MERIDIAN_ENRICHMENT_ENABLED}, {@code -Dmeridian.enrichment.enabled});
     * turned off elsewhere (a configuration file), {@link EnrichmentFactory} drops the load.
     */
    static boolean enrichmentMayBeOn(Map<String, String> environment, String systemProperty) {
        String setting = systemProperty != null ? systemProperty : environment.get("MERIDIAN_ENRICHMENT_ENABLED");
        return !"false".equalsIgnoreCase(setting == null ? "" : setting.strip());
    }

    /** The embedded PostgreSQL {@link Application#main} starts before the context: where, on which port. */
    record EarlyDatabase(Path dataDirectory, int port) {
    }

    /**
     * The embedded PostgreSQL the storage will most likely open, judged from what is cheap to read before the
     * configuration is: system properties ({@code -Dmeridian.…}) and the environment ({@code MERIDIAN_…}), as Micronaut
     * reads them. None when the storage is something else ({@code MERIDIAN_STORAGE=memory}, {@code MERIDIAN_DB_URL})
     * or when the configuration may come from elsewhere (command-line properties, configuration files, JSON in the
     * environment, placeholders): then the storage starts its database itself, as it always did. A guess that proves
     * wrong costs a start: the storage stops the early database and opens the configured one.
     */
    static Optional<EarlyDatabase> embeddedDatabaseToStartEarly(Map<String, String> environment, Properties system,
            String[] args) {
        if (args.length > 0) {
            return Optional.empty(); // --key=value arguments are configuration too
        }
        for (String[] source : new String[][] {{"micronaut.config.files", "MICRONAUT_CONFIG_FILES"},
                {"micronaut.environments", "MICRONAUT_ENVIRONMENTS"}, {null, "MICRONAUT_APPLICATION_JSON"},
                {null, "SPRING_APPLICATION_JSON"}}) {
            if (setting(environment, system, source[0], source[1]) != null) {
                return Optional.empty();
            }
        }
        String storage = setting(environment, system, "meridian.storage", "MERIDIAN_STORAGE");
        String url = setting(environment, system, "meridian.db.url", "MERIDIAN_DB_URL");
        String dataDir = setting(environment, system, "meridian.data-dir", "MERIDIAN_DATA_DIR");
        String port = setting(environment, system, "meridian.db.embedded-port", "MERIDIAN_DB_EMBEDDED_PORT");
        if ((storage != null && !storage.strip().equals("postgres")) || (url != null && !url.isBlank())) {
            return Optional.empty();
        }
        if ((dataDir != null && dataDir.contains("${")) || (port != null && port.contains("${"))) {
            return Optional.empty();
        }
        int embeddedPort;
        try {
            embeddedPort = port == null ? 0 : Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            return Optional.empty(); // the configuration refuses it, with its own message
        }
        return Optional.of(new EarlyDatabase(PostgresStorageFactory.dataDirectory(dataDir), embeddedPort));
    }

    private static String setting(Map<String, String> environment, Properties system, String property,
            String variable) {
        String value = property == null ? null : system.getProperty(property);
        return value != null ? value : environment.get(variable);
    }
}
