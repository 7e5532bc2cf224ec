package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MapNotificationsTest {

    @Test
    void aPayloadNamesEachWebsiteOnceSorted() {
        String payload = MapNotifications.payload(List.of("b2", "a1", "b2", "a1", "c3"));

        assertThat(payload).isEqualTo("a1 b2 c3");
        assertThat(MapNotifications.websites(payload)).containsExactly("a1", "b2", "c3");
        assertThat(MapNotifications.namesAny(payload)).isFalse();
    }

    @Test
    void websitesThatDoNotFitInOnePayloadBecomeAnyWebsite() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            many.add(String.format("%024x", i)); // 400 ids of 24 characters: 9,999 bytes with separators
        }
        List<String> fitting = many.subList(0, 300); // 7,499 bytes

        assertThat(MapNotifications.payload(many)).isEqualTo(MapNotifications.ANY);
        assertThat(MapNotifications.namesAny(MapNotifications.payload(many))).isTrue();
        assertThat(MapNotifications.payload(fitting).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(MapNotifications.MAX_PAYLOAD_BYTES);
        assertThat(MapNotifications.websites(MapNotifications.payload(fitting))).hasSize(300);
    }
}
