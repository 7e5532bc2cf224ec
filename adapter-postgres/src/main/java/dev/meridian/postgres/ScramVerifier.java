package dev.meridian.postgres;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM-SHA-256 verifier PostgreSQL keeps for the embedded server's superuser (RFC 5802/7677, PostgreSQL's
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}), made with <b>one</b> iteration of PBKDF2
 * instead of the 4,096 PostgreSQL and pgjdbc use by default.
 * <p>
 * The iterations exist to make a weak, human-chosen password slow to guess from a stolen verifier. This password is
 * 32 random bytes ({@link EmbeddedAccess#newPassword()}): 2^256 guesses at any speed, so more iterations add no
 * safety, only cost: every connection's client derives the key with the verifier's count, and a start opens several
 * (zonky's readiness check, the pool's first connection, then the rest of the pool), each of them in a JVM whose JIT
 * has not compiled HMAC-SHA-256 yet (docs/benchmarks/startup.md, section 12). A verifier still made with more
 * iterations (a data directory of an earlier version) is replaced at the next start ({@link #iterations}, {@link EmbeddedDatabase#lightenVerifier}).
 */
final class ScramVerifier {

    static final int ITERATIONS = 1;
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern STORED = Pattern.compile("SCRAM-SHA-256\\$(\\d+):.*");

    private ScramVerifier() {
    }

    /**
     * The verifier of {@code password}, a random one this class's {@link #ITERATIONS}; only for passwords that
     * SASLprep leaves as they are (printable ASCII, as {@link EmbeddedAccess#newPassword()}'s hex).
     */
    static String of(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return of(password, salt, ITERATIONS);
    }

    static String of(String password, byte[] salt, int iterations) {
        if (!password.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("only printable ASCII passwords (SASLprep leaves them as they are)");
        }
        try {
            byte[] salted = hi(password.getBytes(StandardCharsets.US_ASCII), salt, iterations);
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
            byte[] serverKey = hmac(salted, "Server Key");
            Base64.Encoder base64 = Base64.getEncoder();
            return "SCRAM-SHA-256$" + iterations + ":" + base64.encodeToString(salt) + "$"
                    + base64.encodeToString(storedKey) + ":" + base64.encodeToString(serverKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 and SHA-256 are in every JDK", e);
        }
    }

    /** The iteration count of a stored verifier ({@code pg_authid.rolpassword}); -1 when it is not SCRAM-SHA-256. */
    static int iterations(String stored) {
        Matcher matcher = stored == null ? null : STORED.matcher(stored);
        return matcher != null && matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    /** RFC 5802's Hi(): PBKDF2 with HMAC-SHA-256 and one output block. */
    private static byte[] hi(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(password, "HmacSHA256"));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.US_ASCII));
    }
}
