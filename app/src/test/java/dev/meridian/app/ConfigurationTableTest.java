package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table and application.properties agree (docs/architecture.md, "Configuration": every
 * setting is a property there, with its default): each environment variable of the table names a property of
 * application.properties under Micronaut's mapping ({@code MERIDIAN_DB_IMPORT_POOL_SIZE} →
 * {@code meridian.db.import-pool-size}: the words of the variable, joined by dots or dashes), as a key or inside a
 * placeholder ({@code micronaut.server.port=${meridian.port:8080}}). A shorthand such as
 * {@code …_PERIOD} after {@code MERIDIAN_RATE_LIMIT_EVENTS_REQUESTS} ends the name before it.
 */
class ConfigurationTableTest {

    private static final Pattern NAME = Pattern.compile("`(MERIDIAN_[A-Z0-9_]+|…_[A-Z0-9_]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9.-]+)");

    @Test
    void everySettingOfTheReadmeIsAPropertyOfApplicationProperties() throws IOException {
        Set<String> properties = applicationProperties();
        List<String> rows = configurationRows();
        assertThat(rows).as("rows of the README's configuration table").hasSizeGreaterThan(15);

        List<String> unknown = new ArrayList<>();
        int names = 0;
        for (String row : rows) {
            String firstCell = row.split("\\|")[1];
            String previous = null;
            Matcher matcher = NAME.matcher(firstCell);
            while (matcher.find()) {
                String name = matcher.group(1);
                names++;
                if (name.startsWith("…")) {
                    if (previous == null || !shorthandMatches(previous, name.substring(2), properties)) {
                        unknown.add(name + " (after " + previous + ")");
                    }
                } else {
                    if (!properties.contains(normalized(name))) {
                        unknown.add(name);
                    }
                    previous = name;
                }
            }
        }
        assertThat(names).as("variables named in the table").isGreaterThan(25);
        assertThat(unknown).as("variables of the README without a property in application.properties").isEmpty();
    }

    /** {@code …_PERIOD} after {@code MERIDIAN_RATE_LIMIT_EVENTS_REQUESTS}: the suffix replaces the name's last words. */
    private static boolean shorthandMatches(String previous, String suffix, Set<String> properties) {
        List<String> words = Arrays.asList(previous.split("_"));
        for (int kept = words.size() - 1; kept >= 1; kept--) {
            String candidate = String.join("_", words.subList(0, kept)) + "_" + suffix;
            if (properties.contains(normalized(candidate))) {
                return true;
            }
        }
        return false;
    }

    /** Environment variable or property key, as Micronaut compares them: lower case, words joined by dots. */
    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
    }

    private static Set<String> applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ConfigurationTableTest.class.getResourceAsStream("/application.properties")) {
            assertThat(in).as("application.properties on the classpath").isNotNull();
            properties.load(in);
        }
        Set<String> keys = properties.stringPropertyNames().stream()
                .map(ConfigurationTableTest::normalized)
                .collect(Collectors.toCollection(HashSet::new));
        // a property read through another's placeholder: micronaut.server.port=${meridian.port:8080}
        for (String value : properties.stringPropertyNames().stream().map(properties::getProperty).toList()) {
            Matcher placeholder = PLACEHOLDER.matcher(value);
            while (placeholder.find()) {
                keys.add(normalized(placeholder.group(1)));
            }
        }
        return keys;
    }

    /** The table rows of the README's "## Configuration" section that start with a variable. */
    private static List<String> configurationRows() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        int start = lines.indexOf("## Configuration");
        assertThat(start).as("the README's configuration section").isNotNegative();
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("| `MERIDIAN_")) {
                rows.add(line);
            }
        }
        return rows;
    }
}
