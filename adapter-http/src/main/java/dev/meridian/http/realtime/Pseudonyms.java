package dev.meridian.http.realtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * A stable, friendly name for a visitor who has none ({@code profileData.isRandomName}): an adjective and an
 * animal ({@code "Amber Otter"}) chosen by the SHA-256 of the visitor id, so the same visitor gets the same
 * name on every page, server and restart. The words are resources ({@code adjectives.txt}, {@code animals.txt}
 * beside this class), one per line; blank lines and {@code #} comments are skipped.
 */
public final class Pseudonyms {

    private final List<String> adjectives;
    private final List<String> animals;

    public Pseudonyms(List<String> adjectives, List<String> animals) {
        if (adjectives.isEmpty() || animals.isEmpty()) {
            throw new IllegalArgumentException("pseudonyms need at least one adjective and one animal");
        }
        this.adjectives = List.copyOf(adjectives);
        this.animals = List.copyOf(animals);
    }

    /** The word lists shipped with the adapter. */
    public static Pseudonyms standard() {
        return new Pseudonyms(words("adjectives.txt"), words("animals.txt"));
    }

    /** The visitor's pseudonym, e.g. {@code "Amber Otter"}. */
    public String of(String visitorId) {
        ByteBuffer hash = ByteBuffer.wrap(sha256(visitorId));
        String adjective = adjectives.get(Integer.remainderUnsigned(hash.getInt(), adjectives.size()));
        String animal = animals.get(Integer.remainderUnsigned(hash.getInt(), animals.size()));
        return capitalized(adjective) + " " + capitalized(animal);
    }

    /** How many different pseudonyms there are. */
    public int variety() {
        return adjectives.size() * animals.size();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String capitalized(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    static List<String> words(String resource) {
        try (InputStream in = Pseudonyms.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("word list " + resource + " is missing from the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read word list " + resource, e);
        }
    }
}
