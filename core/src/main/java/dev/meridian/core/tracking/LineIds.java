package dev.meridian.core.tracking;

import dev.meridian.core.hashing.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The ids of an import's records, derived from the line so that importing the same line again gives the same id
 * (which the storage skips): 4 bytes of the record's timestamp in seconds and 8 bytes of SHA-256 of (website id, the
 * line's text without surrounding white space). One per import: not thread-safe.
 */
final class LineIds {

    private final byte[] website;
    private final MessageDigest sha256 = Sha256.newDigest();

    LineIds(String websiteId) {
        this.website = websiteId.getBytes(StandardCharsets.UTF_8);
    }

    String of(Instant at, String lineText) {
        sha256.reset();
        sha256.update(website);
        sha256.update((byte) '\n');
        byte[] hash = sha256.digest(lineText.strip().getBytes(StandardCharsets.UTF_8));
        byte[] id = new byte[12];
        long seconds = at.getEpochSecond();
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        System.arraycopy(hash, 0, id, 4, 8);
        return HexFormat.of().formatHex(id);
    }
}
