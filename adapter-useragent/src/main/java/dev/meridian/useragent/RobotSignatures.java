package dev.meridian.useragent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fragments that mark a User-Agent as a robot whatever the library says (headless browsers and audit tools that
 * pass as browsers), read from a resource with one lower-case fragment per line, and the shortest header we
 * take for a person's browser.
 */
final class RobotSignatures {

    /**
     * Headers shorter than this (after trimming) are robots: every browser sends 60+ characters, while
     * {@code -}, {@code test}, {@code Mozilla}, {@code Mozilla/5.0} come from scripts.
     */
    static final int MIN_BROWSER_LENGTH = 12;

    private final List<String> fragments;

    private RobotSignatures(List<String> fragments) {
        this.fragments = List.copyOf(fragments);
    }

    static RobotSignatures fromResource(String resource) {
        InputStream in = RobotSignatures.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Missing robot signature resource " + resource);
        }
        List<String> fragments = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String fragment = line.strip();
                if (!fragment.isEmpty() && !fragment.startsWith("#")) {
                    fragments.add(fragment.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read robot signature resource " + resource, e);
        }
        return new RobotSignatures(fragments);
    }

    static boolean tooShortForABrowser(String userAgent) {
        return userAgent == null || userAgent.strip().length() < MIN_BROWSER_LENGTH;
    }

    boolean matches(String userAgent) {
        String lower = userAgent.toLowerCase(Locale.ROOT);
        for (String fragment : fragments) {
            if (lower.contains(fragment)) {
                return true;
            }
        }
        return false;
    }
}
