package dev.meridian.core.tracking;

import dev.meridian.core.hashing.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Visitor ids for cookieless tracking: a hash of a daily salt, the client IP, the User-Agent and the
 * website, formatted as a UUID v4. The salt is random, held only in memory and replaced every UTC day, so
 * ids cannot be linked across days (nor across restarts) and the IP cannot be recovered from them.
 */
public final class CookielessVisitors {

    private final SecureRandom random = new SecureRandom();
    private LocalDate saltDay;
    private byte[] salt;

    public String visitorId(String websiteId, String clientIp, String userAgent, Instant at) {
        byte[] daySalt = saltFor(LocalDate.ofInstant(at, ZoneOffset.UTC));
        MessageDigest sha256 = Sha256.newDigest();
        sha256.update(daySalt);
        for (String part : new String[] {websiteId, clientIp, userAgent}) {
            sha256.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        byte[] hash = sha256.digest();
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x40); // version 4
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (hash[i] & 0xff);
            least = (least << 8) | (hash[8 + i] & 0xff);
        }
        return new UUID(most, least).toString();
    }

    private synchronized byte[] saltFor(LocalDate day) {
        if (!day.equals(saltDay)) {
            salt = new byte[32];
            random.nextBytes(salt);
            saltDay = day;
        }
        return salt;
    }
}
