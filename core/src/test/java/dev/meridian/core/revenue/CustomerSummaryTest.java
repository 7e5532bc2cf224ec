package dev.meridian.core.revenue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Payment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerSummaryTest {

    private static final Instant T0 = Instant.parse("2026-02-06T05:00:00Z");
    private final List<String> missing = new ArrayList<>();
    private final CurrencyRates rates = CurrencyRates.parse("USD", "EUR=1.08").onMissingRate(missing::add);

    private static Payment payment(String id, int secondsAfter, String amount, String currency, String name,
            String email, boolean refunded) {
        return new Payment(id, "site", "tx-" + id, new BigDecimal(amount), currency, T0.plusSeconds(secondsAfter),
                "v1", email, name, null, false, refunded);
    }

    @Test
    void noPaymentsIsNoCustomer() {
        assertThat(CustomerSummary.of(List.of(), "USD", rates)).isEqualTo(CustomerInfo.NONE);
    }

    @Test
    void aPaymentAbove0NotRefundedMakesACustomerWorthItsAmount() {
        assertThat(CustomerSummary.of(List.of(payment("a", 0, "49.90", "USD", "Ada", "ada@x.com", false)), "USD", rates))
                .isEqualTo(new CustomerInfo(true, "Ada", "ada@x.com", new BigDecimal("49.90")));
    }

    @Test
    void freeTrialsAndRefundedPaymentsDoNotMakeACustomerButTheirNamesCount() {
        CustomerInfo info = CustomerSummary.of(List.of(
                payment("a", 0, "0", "USD", "Trial Name", null, false),
                payment("b", 1, "99", "USD", null, "refunded@x.com", true)), "USD", rates);

        assertThat(info).isEqualTo(new CustomerInfo(false, "Trial Name", "refunded@x.com", BigDecimal.ZERO));
    }

    @Test
    void nameAndEmailAreTheLatestNonEmptyByTimestampWhateverTheOrderOfArrival() {
        CustomerInfo info = CustomerSummary.of(List.of(
                payment("c", 30, "5", "USD", " ", "", false),
                payment("b", 20, "5", "USD", "Latest Name", null, false),
                payment("a", 10, "5", "USD", "Old Name", "old@x.com", false)), "USD", rates);

        assertThat(info.name()).isEqualTo("Latest Name");
        assertThat(info.email()).isEqualTo("old@x.com");
    }

    @Test
    void revenueSumsConvertingPaymentsInTheReportingCurrency() {
        CustomerInfo info = CustomerSummary.of(List.of(
                payment("a", 0, "100", "EUR", null, null, false),
                payment("b", 1, "10", "USD", null, null, false),
                payment("c", 2, "1000", "USD", null, null, true),
                payment("d", 3, "0", "USD", null, null, false)), "USD", rates);

        assertThat(info.customer()).isTrue();
        assertThat(info.revenue()).isEqualByComparingTo("118");
    }

    @Test
    void aPaymentInACurrencyWithoutARateStillMakesACustomerButAddsNoRevenue() {
        CustomerInfo info = CustomerSummary.of(List.of(payment("a", 0, "100", "CHF", null, null, false)), "USD", rates);

        assertThat(info.customer()).isTrue();
        assertThat(info.revenue()).isEqualByComparingTo("0");
        assertThat(missing).containsExactly("CHF");
    }
}
