package dev.meridian.useragent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The hand-labelled User-Agent corpus in {@code user-agents.tsv} (test resource). */
final class UserAgentCorpus {

    static final String NOT_ASSESSED = "*";

    /** One labelled User-Agent; {@code *} in a column means that column is not assessed. */
    record Entry(String userAgent, String browser, String os, String deviceType, boolean robot) {}

    private UserAgentCorpus() {}

    static List<Entry> load() {
        InputStream in = UserAgentCorpus.class.getResourceAsStream("user-agents.tsv");
        if (in == null) {
            throw new IllegalStateException("user-agents.tsv missing from the test resources");
        }
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                if (c.length != 5 || !(c[4].equals("true") || c[4].equals("false"))) {
                    throw new IllegalStateException("user-agents.tsv:" + number + ": expected 5 columns ending in true/false");
                }
                String userAgent = c[0].equals("<empty>") ? "" : c[0];
                entries.add(new Entry(userAgent, c[1], c[2], c[3], Boolean.parseBoolean(c[4])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
