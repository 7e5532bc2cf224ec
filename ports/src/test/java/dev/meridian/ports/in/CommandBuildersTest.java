package dev.meridian.ports.in;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The named builders of the commands fill the fields they name and leave the others unset. */
class CommandBuildersTest {

    @Test
    void aPageviewBuiltByNameIsTheRecordBuiltByPosition() {
        TrackCommand built = TrackCommand.pageview("https://example.com/pricing")
                .website("dfid_0123456789abcdef01234567", "example.com")
                .visitor("b971cbbf-7ce2-4925-902b-8f95a5fb3449", "s3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f")
                .referrer("https://news.ycombinator.com/")
                .client("203.0.113.7", "Mozilla/5.0")
                .build();

        assertThat(built).isEqualTo(new TrackCommand("dfid_0123456789abcdef01234567", "example.com",
                "https://example.com/pricing", "https://news.ycombinator.com/", "b971cbbf-7ce2-4925-902b-8f95a5fb3449",
                "s3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f", "pageview", Map.of(), false, "203.0.113.7", "Mozilla/5.0"));
    }

    @Test
    void whatATrackBuilderIsNotToldStaysUnset() {
        TrackCommand bare = TrackCommand.event("external_link", null).build();

        assertThat(bare).isEqualTo(new TrackCommand(null, null, null, null, null, null, "external_link", Map.of(), false,
                null, null));
    }

    @Test
    void aGoalIsACustomEventNamedInItsExtraDataBeforeItsParameters() {
        Map<String, String> more = new LinkedHashMap<>();
        more.put("z", "1");
        more.put("a", "2");
        TrackCommand goal = TrackCommand.goal("signup", "https://example.com/").extra("plan", "pro").extraData(more)
                .cookieless().build();

        assertThat(goal.type()).isEqualTo("custom");
        assertThat(goal.extraData()).containsExactly(Map.entry("eventName", "signup"), Map.entry("plan", "pro"),
                Map.entry("z", "1"), Map.entry("a", "2"));
        assertThat(goal.cookieless()).isTrue();
        assertThat(goal.visitorId()).isNull();
    }

    @Test
    void aPaymentBuiltByNameIsTheRecordBuiltByPosition() {
        PaymentCommand built = PaymentCommand.payment("aaaaaaaaaaaaaaaaaaaaaaaa", "pi_3PqL8x")
                .amount("49.99", "USD")
                .visitor("b971cbbf-7ce2-4925-902b-8f95a5fb3449")
                .email("ada@example.com")
                .name("Ada Lovelace")
                .customerId("cus_42")
                .renewal()
                .timestamp("2026-03-01T12:00:00+01:00")
                .build();

        assertThat(built).isEqualTo(new PaymentCommand("aaaaaaaaaaaaaaaaaaaaaaaa", "49.99", "USD", "pi_3PqL8x",
                "b971cbbf-7ce2-4925-902b-8f95a5fb3449", "ada@example.com", "Ada Lovelace", "cus_42", true, false,
                "2026-03-01T12:00:00+01:00"));
    }

    @Test
    void aRefundIsMarkedRefundedAndWhatItIsNotToldStaysUnset() {
        PaymentCommand refund = PaymentCommand.refund("aaaaaaaaaaaaaaaaaaaaaaaa", "pi_3PqL8x").build();

        assertThat(refund).isEqualTo(new PaymentCommand("aaaaaaaaaaaaaaaaaaaaaaaa", null, null, "pi_3PqL8x", null, null,
                null, null, false, true, null));
        assertThat(PaymentCommand.payment("a", "t").build().refunded()).isFalse();
    }

    @Test
    void anAmountAndATimestampMayBeGivenAsValues() {
        PaymentCommand built = PaymentCommand.payment("a", "t").amount(new BigDecimal("1E+3"), "EUR")
                .timestamp(Instant.parse("2026-03-01T12:00:00Z")).build();

        assertThat(built.amount()).isEqualTo("1000");
        assertThat(built.currency()).isEqualTo("EUR");
        assertThat(built.timestamp()).isEqualTo("2026-03-01T12:00:00Z");
    }
}
