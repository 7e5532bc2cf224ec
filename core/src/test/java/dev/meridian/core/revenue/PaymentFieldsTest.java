package dev.meridian.core.revenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.model.Payment;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PaymentFieldsTest {

    static final Instant NOW = Instant.parse("2026-02-06T05:27:20.417123Z");

    @Test
    void everyFieldIsCheckedAndKeptAsTheRulesSay() {
        PaymentFields fields = PaymentFields.of(new PaymentCommand("w", "49.90", "eur", "tx-1",
                "5F026D54-3A84-4F07-9E36-E5434E665D8D", " ada@example.com ", " Ada ", " cus_1 ", true, false,
                "2026-02-06T06:00:00.250999+01:00"), NOW);

        assertThat(fields).isEqualTo(new PaymentFields("tx-1", new BigDecimal("49.90"), "EUR",
                Instant.parse("2026-02-06T05:00:00.250Z"), "5f026d54-3a84-4f07-9e36-e5434e665d8d", "ada@example.com",
                "Ada", "cus_1", true, false));
    }

    @Test
    void absentOptionalFieldsAreNullAndTheTimestampIsNowToTheMillisecond() {
        PaymentFields fields = PaymentFields.of(new PaymentCommand("w", "0", "USD", "tx-1", " ", "", null, "", false,
                true, null), NOW);

        assertThat(fields.visitorId()).isNull();
        assertThat(fields.email()).isNull();
        assertThat(fields.name()).isNull();
        assertThat(fields.customerId()).isNull();
        assertThat(fields.refunded()).isTrue();
        assertThat(fields.timestamp()).isEqualTo(Instant.parse("2026-02-06T05:27:20.417Z"));
    }

    @Test
    void theFirstBrokenFieldIsNamedInTheApisOrder() {
        assertThatThrownBy(() -> PaymentFields.of(new PaymentCommand("w", "1E5", "ABC", null, "x", null, null, null,
                false, false, "yesterday"), NOW)).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("transaction_id"));
        assertThatThrownBy(() -> PaymentFields.of(new PaymentCommand("w", "1E5", "ABC", "tx", "x", null, null, null,
                false, false, "yesterday"), NOW)).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("amount"));
        assertThatThrownBy(() -> PaymentFields.of(new PaymentCommand("w", "1", "ABC", "tx", "x", null, null, null,
                false, false, "yesterday"), NOW)).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("currency"));
        assertThatThrownBy(() -> PaymentFields.of(new PaymentCommand("w", "1", "USD", "tx", "x", null, null, null,
                false, false, "yesterday"), NOW)).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("timestamp"));
        assertThatThrownBy(() -> PaymentFields.of(new PaymentCommand("w", "1", "USD", "tx", "x", null, null, null,
                false, false, null), NOW)).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("datafast_visitor_id"));
    }

    @Test
    void aPaymentIsBuiltFromTheFieldsWithItsIdWebsiteAndAttribution() {
        PaymentFields fields = PaymentFields.of(new PaymentCommand("w", "5", "USD", "tx-1", null, "a@example.com",
                "Ada", null, true, false, null), NOW);

        Payment payment = fields.toPayment("id-1", "w", "v-1", true);

        assertThat(payment).isEqualTo(new Payment("id-1", "w", "tx-1", new BigDecimal("5"), "USD",
                Instant.parse("2026-02-06T05:27:20.417Z"), "v-1", "a@example.com", "Ada", null, true, true));
    }
}
