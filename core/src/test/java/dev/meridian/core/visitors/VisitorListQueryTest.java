package dev.meridian.core.visitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.TrackingFixture;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.in.VisitorListRequest;
import dev.meridian.ports.model.VisitorList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VisitorListQueryTest {

    private final TrackingFixture f = new TrackingFixture();

    private String visit(String href) {
        String visitor = TrackingFixture.newVisitorId();
        f.pageview(visitor, TrackingFixture.newSessionId(), href);
        f.clock.advance(Duration.ofSeconds(1));
        return visitor;
    }

    private VisitorList list(VisitorListRequest request) {
        return f.meridian.visitorList().forWebsite(f.website.id(), request);
    }

    private static VisitorListRequest request(String limit, String offset) {
        return new VisitorListRequest(null, null, limit, offset, null, null, null, null, null, null, null, null, null, null);
    }

    private static InvalidInputException refusal(Runnable call) {
        try {
            call.run();
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void listsTheLast30DaysNewestFirstWithPagination() {
        visit("https://example.com/old");
        f.clock.advance(Duration.ofDays(31));
        List<String> recent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recent.add(visit("https://example.com/?utm_source=s" + i));
        }
        Collections.reverse(recent);

        VisitorList page = list(request("2", "1"));

        assertThat(page.total()).isEqualTo(5);
        assertThat(page.hasMore()).isTrue();
        assertThat(page.limit()).isEqualTo(2);
        assertThat(page.offset()).isEqualTo(1);
        assertThat(page.visitors()).extracting(VisitorList.Row::visitorId).containsExactly(recent.get(1), recent.get(2));
        assertThat(page.visitors().get(0).utmSource()).isEqualTo("s3");
        assertThat(page.visitors().get(0).currentUrl()).isEqualTo("example.com/");
        assertThat(list(request("2", "4")).hasMore()).isFalse();
        assertThat(list(VisitorListRequest.DEFAULTS).limit()).isEqualTo(100);
    }

    @Test
    void filtersCombineAndTakeCommaSeparatedValues() {
        String signedUp = visit("https://example.com/docs?utm_campaign=spring");
        f.track(signedUp, f.store.visitors().find(f.website.id(), signedUp).orElseThrow().sessionId(), "custom",
                "https://example.com/docs", null, Map.of("eventName", "signup"));
        visit("https://example.com/blog?utm_campaign=spring");

        VisitorList byGoal = list(new VisitorListRequest(null, null, null, null, null, "us,gb", "desktop", "Chrome",
                null, null, null, "spring, winter", "signup", "false"));

        assertThat(byGoal.visitors()).extracting(VisitorList.Row::visitorId).containsExactly(signedUp);
        assertThat(list(new VisitorListRequest(null, null, null, null, "/docs", null, null, null, null, null, null,
                null, null, null)).total()).isEqualTo(1);
        assertThat(list(new VisitorListRequest(null, null, null, null, null, null, null, null, null, null, null, null,
                null, "true")).total()).isZero();
    }

    @Test
    void aDatePeriodIsWholeDaysInTheWebsitesTimeZone() {
        visit("https://example.com/");
        String day = f.clock.now().toString().substring(0, 10);

        assertThat(list(new VisitorListRequest(day, day, null, null, null, null, null, null, null, null, null, null,
                null, null)).total()).isEqualTo(1);
        assertThat(list(new VisitorListRequest("2020-01-01", "2020-01-02", null, null, null, null, null, null, null,
                null, null, null, null, null)).total()).isZero();
    }

    @Test
    void eachParameterBreakingItsRuleIsA400NamingIt() {
        assertThat(refusal(() -> list(request("0", null))).field()).isEqualTo("limit");
        assertThat(refusal(() -> list(request("251", null))).field()).isEqualTo("limit");
        assertThat(refusal(() -> list(request("ten", null))).field()).isEqualTo("limit");
        assertThat(refusal(() -> list(request(null, "-1"))).field()).isEqualTo("offset");
        assertThat(refusal(() -> list(new VisitorListRequest("2026-01-01", null, null, null, null, null, null, null,
                null, null, null, null, null, null))).field()).isEqualTo("endAt");
        assertThat(refusal(() -> list(new VisitorListRequest("yesterday", "2026-01-01", null, null, null, null, null,
                null, null, null, null, null, null, null))).field()).isEqualTo("startAt");
        assertThat(refusal(() -> list(new VisitorListRequest("2026-02-01", "2026-01-01", null, null, null, null, null,
                null, null, null, null, null, null, null))).field()).isEqualTo("endAt");
        assertThat(refusal(() -> list(new VisitorListRequest(null, null, null, null, null, "x,".repeat(51), null,
                null, null, null, null, null, null, null))).field()).isEqualTo("country");
        assertThat(refusal(() -> list(new VisitorListRequest(null, null, null, null, null, null, null, null, null, null,
                null, null, null, "yes"))).field()).isEqualTo("isCustomer");
        assertThat(refusal(() -> list(new VisitorListRequest(null, null, null, null, null, null, null, null, null, null,
                "a\u0000b", null, null, null))).field()).isEqualTo("utm_source");
        assertThatThrownBy(() -> list(request("0", null))).hasMessageContaining("limit");
    }
}
