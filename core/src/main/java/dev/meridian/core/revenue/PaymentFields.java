package dev.meridian.core.revenue;

import dev.meridian.core.rules.AmountRule;
import dev.meridian.core.rules.CurrencyRule;
import dev.meridian.core.rules.EmailRule;
import dev.meridian.core.rules.IdRule;
import dev.meridian.core.rules.TextRule;
import dev.meridian.core.rules.TimestampRule;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.model.Payment;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A payment's fields after every rule of API.md §5.1 and §8: what {@code POST /api/v1/payments}
 * ({@link PaymentRecording}) and each payment line of an import (read as the {@link PaymentCommand} the API would
 * have received) check the same way, in the same order, with the same messages.
 *
 * @param amount    as sent, its scale kept ({@link AmountRule})
 * @param currency  upper case ({@link CurrencyRule})
 * @param timestamp the payment's time to the millisecond, as the wire shows it; now when none was sent
 * @param visitorId {@code datafast_visitor_id} in lower case, or {@code null}
 * @param email     trimmed, or {@code null} when absent or blank ({@link EmailRule})
 * @param name      trimmed, or {@code null} when absent or blank
 */
public record PaymentFields(String transactionId, BigDecimal amount, String currency, Instant timestamp,
        String visitorId, String email, String name, String customerId, boolean renewal, boolean refunded) {

    /** @throws dev.meridian.ports.error.InvalidInputException naming the first field that breaks a rule */
    public static PaymentFields of(PaymentCommand command, Instant now) {
        String transactionId = TextRule.requiredLine("transaction_id", command.transactionId(), TextRule.MAX_LENGTH);
        BigDecimal amount = AmountRule.parse(command.amount());
        String currency = CurrencyRule.code("currency", command.currency());
        Instant timestamp = TimestampRule.orNow("timestamp", command.timestamp(), now).truncatedTo(ChronoUnit.MILLIS);
        String email = EmailRule.optional("email", command.email());
        String name = TextRule.optionalFree("name", command.name(), TextRule.MAX_LENGTH);
        String customerId = TextRule.optionalLine("customer_id", command.customerId(), TextRule.MAX_LENGTH);
        String visitorId = IdRule.optionalVisitorId("datafast_visitor_id", command.visitorId());
        return new PaymentFields(transactionId, amount, currency, timestamp, visitorId, email, name, customerId,
                command.renewal(), command.refunded());
    }

    /** The payment to store, attributed to {@code attributedVisitor} (or to nobody). */
    public Payment toPayment(String id, String websiteId, String attributedVisitor, boolean asRefunded) {
        return new Payment(id, websiteId, transactionId, amount, currency, timestamp, attributedVisitor, email, name,
                customerId, renewal, asRefunded);
    }
}
