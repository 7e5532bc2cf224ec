package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.in.TrackCommand;
import dev.meridian.ports.model.RealtimeMap;
import dev.meridian.ports.model.Website;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs the embedding example of README.md, line for line. Keep the two identical. */
class EmbeddingExampleTest {

    @Test
    void theReadmeEmbeddingExampleTracksAPageviewAndShowsItOnTheMap() {
        // README: embedding example begins
        Meridian meridian = Meridian.builder()
                .storage(new InMemoryStore())        // or PostgresStorage, or your own Storage
                .build();
        Website site = meridian.websites().create(new NewWebsite("example.com", "Example", null, null));

        meridian.trackEvent().track(new TrackCommand(site.trackingId(), "example.com",
                "https://example.com/pricing?utm_source=newsletter", "https://news.ycombinator.com/",
                "b971cbbf-7ce2-4925-902b-8f95a5fb3449", "s3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f", "pageview",
                Map.of(), false, "203.0.113.7", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Chrome/126.0"));

        RealtimeMap map = meridian.realtimeMap().realtimeMap(site.id());
        System.out.println(map.count() + " active: " + map.visitors().get(0).currentUrl());
        // README: embedding example ends

        assertThat(map.count()).isEqualTo(1);
        assertThat(map.visitors().get(0).currentUrl()).isEqualTo("/pricing?utm_source=newsletter");
        assertThat(map.visitors().get(0).params().utmSource()).isEqualTo("newsletter");
        assertThat(map.visitors().get(0).referrer()).isEqualTo("https://news.ycombinator.com/");
        assertThat(map.recentEvents()).hasSize(1);
    }
}
