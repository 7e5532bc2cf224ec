package dev.meridian.core.map;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.core.TrackingFixture;
import dev.meridian.ports.in.GoalCommand;
import dev.meridian.ports.in.IdentifyCommand;
import dev.meridian.ports.in.PaymentCommand;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Payments, goals and identify calls of the API tell the live map to refresh, as tracked events do. */
class ServerSideWritesMoveTheMapTest {

    private final TrackingFixture f = new TrackingFixture();
    private final AtomicInteger changes = new AtomicInteger();

    @Test
    void paymentsGoalsAndIdentifyPublishAChange() {
        String visitor = TrackingFixture.newVisitorId();
        f.pageview(visitor, TrackingFixture.newSessionId(), "https://example.com/");
        try (var subscription = f.meridian.watchRealtimeMap().subscribe(f.website.id(), changes::incrementAndGet)) {
            f.meridian.recordPayment().record(new PaymentCommand(f.website.id(), "49", "USD", "tx-1", visitor,
                    "jane@example.com", "Jane", null, false, false, null));
            assertThat(changes).hasValue(1);
            f.meridian.recordGoal().record(new GoalCommand(f.website.id(), visitor, "signup", null, Map.of()));
            assertThat(changes).hasValue(2);
            f.meridian.identify().identify(new IdentifyCommand(f.website.id(), visitor, Map.of("user_id", "u1")));
            assertThat(changes).hasValue(3);
        }
    }
}
