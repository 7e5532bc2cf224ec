package dev.meridian.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code NOTIFY} every write that changes a realtime map sends in its own transaction, so that PostgreSQL
 * delivers it to every listening node once, and only if, the transaction commits: one per committed batch, its
 * payload the batch's website ids, distinct, sorted and separated by a space. A batch naming more websites than
 * fit in a payload (PostgreSQL takes fewer than 8000 bytes) says {@value #ANY}: any website may have changed.
 * Heard by {@link MapChangeListener}.
 */
final class MapNotifications {

    /** The channel every node listens on. */
    static final String CHANNEL = "meridian_map_changes";
    /** The payload of a batch whose websites do not fit in one. */
    static final String ANY = "*";
    /** PostgreSQL refuses payloads of 8000 bytes or more. */
    static final int MAX_PAYLOAD_BYTES = 7999;

    static final String NOTIFY = "select pg_notify('" + CHANNEL + "', ?)";

    private MapNotifications() {
    }

    /** Sends the notification of {@code websiteIds} in {@code c}'s transaction; nothing when there are none. */
    static void send(Connection c, Collection<String> websiteIds) throws SQLException {
        if (websiteIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(NOTIFY)) {
            ps.setString(1, payload(websiteIds));
            ps.execute();
        }
    }

    static String payload(Collection<String> websiteIds) {
        String payload = String.join(" ", new TreeSet<>(websiteIds));
        return payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES ? ANY : payload;
    }

    /** The websites a payload names; empty for {@value #ANY} (check {@link #namesAny} first). */
    static Set<String> websites(String payload) {
        Set<String> ids = new TreeSet<>();
        for (String id : payload.split(" ")) {
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    static boolean namesAny(String payload) {
        return ANY.equals(payload);
    }
}
