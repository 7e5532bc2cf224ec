package dev.meridian.core.ids;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Generates ids of 24 lower-case hex characters, as the hosted product's {@code _id}s: 4 bytes of seconds
 * since the epoch, 5 random bytes fixed per generator, 3 bytes of a counter. Ids of one generator are unique
 * and sort roughly by creation time. Thread-safe.
 */
public final class ObjectIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] processPart = new byte[5];
    private final AtomicInteger counter;

    public ObjectIds() {
        RANDOM.nextBytes(processPart);
        counter = new AtomicInteger(RANDOM.nextInt());
    }

    public String next(Instant at) {
        long seconds = at.getEpochSecond();
        int count = counter.getAndIncrement();
        byte[] id = new byte[12];
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        System.arraycopy(processPart, 0, id, 4, 5);
        id[9] = (byte) (count >>> 16);
        id[10] = (byte) (count >>> 8);
        id[11] = (byte) count;
        return HexFormat.of().formatHex(id);
    }
}
