package dev.meridian.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.model.ConversionLikelihood;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerLikelihoodTest {

    @Test
    void aCustomerIsCertainAndWorthWhatTheyPaid() {
        assertThat(CustomerLikelihood.of(149.5))
                .isEqualTo(new ConversionLikelihood(100, 1, false, List.of(), 1, 149.5, 149.5));
    }

    @Test
    void decimalRevenueGivesTheSameLikelihood() {
        assertThat(CustomerLikelihood.of(new BigDecimal("149.50"))).isEqualTo(CustomerLikelihood.of(149.5));
    }

    @Test
    void negativeOrNonFiniteRevenueIsRejected() {
        assertThatThrownBy(() -> CustomerLikelihood.of(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("revenue");
        assertThatThrownBy(() -> CustomerLikelihood.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
