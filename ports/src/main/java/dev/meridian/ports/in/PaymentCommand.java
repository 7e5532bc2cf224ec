package dev.meridian.ports.in;

/**
 * One payment as received (API.md §5.1), after the HTTP adapter checked JSON types and resolved the aliases
 * ({@code email}/{@code customer_email}, {@code name}/{@code customer_name}). Field rules are checked by
 * {@link RecordPayment}, which names the offending field.
 *
 * @param websiteId     the website (already resolved from the credential)
 * @param amount        the amount as sent, as decimal text ({@code "49.99"}); a JSON number's text
 * @param currency      ISO 4217 code as sent
 * @param transactionId the payment provider's id; the idempotency key
 * @param visitorId     {@code datafast_visitor_id}, or {@code null}
 * @param email         the customer's email, or {@code null}
 * @param name          the customer's name, or {@code null}
 * @param customerId    the provider's customer id, or {@code null}
 * @param renewal       a subscription renewal
 * @param refunded      a refund of the payment {@code transactionId}
 * @param timestamp     ISO-8601 with offset as sent, or {@code null} for now
 */
public record PaymentCommand(
        String websiteId,
        String amount,
        String currency,
        String transactionId,
        String visitorId,
        String email,
        String name,
        String customerId,
        boolean renewal,
        boolean refunded,
        String timestamp) {
}
