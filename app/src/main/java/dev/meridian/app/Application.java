package dev.meridian.app;

import dev.meridian.postgres.PostgresStorageFactory;
import io.micronaut.runtime.Micronaut;
import java.util.Arrays;
import java.util.Map;

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
        // first of all: a new data directory's embedded cluster is made ready (tar, initdb --sync-only, postgres
        // --single: processes of their own), or an existing one's embedded PostgreSQL started, while the JVM and
        // Micronaut start; the storage's open takes either over (docs/storage.md, "Made ready before the context",
        // "Started before the context")
        PostgresStorageFactory.startEmbeddedEarly(System.getenv(), System::getProperty, args);
        Micronaut server = Micronaut.build(args).mainClass(Application.class).defaultEnvironments("prod");
        if (enrichmentMayBeOn(System.getenv(), System.getProperty("meridian.enrichment.enabled"))
                && !RememberedUserAgents.probablyRemembered(System.getenv(), System.getProperty("meridian.data-dir"),
                        System.getProperty("meridian.user-agent-remembered"))) {
            // then: the User-Agent parser loads alongside Micronaut, PostgreSQL and the migrations (with
            // classifications remembered from the last run, it loads once the server listens: EnrichmentFactory)
            server.singletons(UserAgentParserLoad.start());
        }
        server.start();
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
}
