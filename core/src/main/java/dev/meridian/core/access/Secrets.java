package dev.meridian.core.access;

import dev.meridian.core.hashing.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Credential material: new keys and tokens from a secure random source, and their stored hashes. */
public final class Secrets {

    public static final String API_KEY_PREFIX = "df_";
    public static final String ACCOUNT_TOKEN_PREFIX = "dft_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** A new secret: {@code prefix} and 32 random bytes in lower-case hex. */
    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** The lower-case hex SHA-256 of the whole secret, as stored. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(Sha256.of(secret));
    }

    /** Compares a secret with a stored hash in time independent of where they differ. */
    public static boolean matches(String secret, String storedHash) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(Sha256.of(secret), stored);
    }

    /**
     * Compares two lower-case hex hashes in time independent of where they differ (and of whether they do): what
     * a credential check does with the hash it computed and the one it found, or a stand-in when it found none.
     */
    public static boolean hashesMatch(String computedHash, String storedHash) {
        return MessageDigest.isEqual(computedHash.getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
