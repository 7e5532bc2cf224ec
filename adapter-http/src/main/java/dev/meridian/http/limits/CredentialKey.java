package dev.meridian.http.limits;

import io.micronaut.core.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What limits per credential count a request against: {@code key:} and the SHA-256 (hex) of the secret as
 * authentication reads it ({@code Bearer} in any case, the secret stripped), so one credential spelled differently
 * is one key, and the limiters' state never holds a secret.
 */
public final class CredentialKey {

    private static final String BEARER = "Bearer ";

    private CredentialKey() {
    }

    /** @return the key, or {@code null} without an {@code Authorization} header */
    @Nullable
    public static String of(@Nullable String authorization) {
        if (authorization == null) {
            return null;
        }
        String secret = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip()
                : authorization;
        try {
            return "key:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
