package dev.meridian.useragent;

import dev.meridian.ports.model.SystemInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parser library's names turned into the hosted product's ({@code Chrome}, {@code Mac OS}, {@code desktop}),
 * read from a tab-separated resource: {@code kind  library name  our name  [os=OUR_OS]}, kind being
 * {@code browser}, {@code os} or {@code device}. Our name {@code -} means unknown ({@code null}). A row with an
 * {@code os=} condition applies only when the mapped OS is that one ({@code Safari} on {@code iOS} is
 * {@code Mobile Safari}). Names without a row are kept as the library spells them (device classes in lower case).
 */
final class Vocabulary {

    private static final String UNKNOWN = "-";

    private final Map<String, String> browsers = new HashMap<>();
    private final Map<String, String> browsersOnOs = new HashMap<>();
    private final Map<String, String> systems = new HashMap<>();
    private final Map<String, String> devices = new HashMap<>();

    private Vocabulary() {}

    static Vocabulary fromResource(String resource) {
        InputStream in = Vocabulary.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Missing vocabulary resource " + resource);
        }
        Vocabulary vocabulary = new Vocabulary();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                vocabulary.add(line.split("\t"), resource + ":" + number);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read vocabulary resource " + resource, e);
        }
        return vocabulary;
    }

    private void add(String[] columns, String where) {
        if (columns.length < 3 || columns.length > 4) {
            throw new IllegalStateException(where + ": expected 3 or 4 tab-separated columns");
        }
        String kind = columns[0];
        String theirs = columns[1];
        String ours = columns[2];
        if (columns.length == 4) {
            if (!kind.equals("browser") || !columns[3].startsWith("os=")) {
                throw new IllegalStateException(where + ": only browser rows take an os= condition");
            }
            browsersOnOs.put(theirs + "\t" + columns[3].substring(3), ours);
            return;
        }
        Map<String, String> target = switch (kind) {
            case "browser" -> browsers;
            case "os" -> systems;
            case "device" -> devices;
            default -> throw new IllegalStateException(where + ": unknown kind '" + kind + "'");
        };
        target.put(theirs, ours);
    }

    SystemInfo translate(ParsedUserAgent parsed) {
        String os = lookUp(systems, parsed.os());
        String browser = parsed.browser() == null ? null : browsersOnOs.get(parsed.browser() + "\t" + os);
        browser = browser != null ? unknownAsNull(browser) : lookUp(browsers, parsed.browser());
        String device = parsed.deviceClass() == null
                ? null
                : unknownAsNull(devices.getOrDefault(parsed.deviceClass(), parsed.deviceClass().toLowerCase(Locale.ROOT)));
        return new SystemInfo(browser, os, device);
    }

    private static String lookUp(Map<String, String> names, String theirs) {
        if (theirs == null || theirs.isBlank()) {
            return null;
        }
        return unknownAsNull(names.getOrDefault(theirs, theirs));
    }

    private static String unknownAsNull(String ours) {
        return UNKNOWN.equals(ours) ? null : ours;
    }
}
