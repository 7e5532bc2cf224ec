package dev.meridian.app;

import io.micronaut.runtime.Micronaut;
import java.util.Arrays;

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
        Micronaut.build(args).mainClass(Application.class).defaultEnvironments("prod").start();
    }
}
