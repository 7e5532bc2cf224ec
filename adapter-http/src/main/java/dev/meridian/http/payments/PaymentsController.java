package dev.meridian.http.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.http.auth.BearerCredentialsFilter;
import dev.meridian.http.error.ErrorResponses;
import dev.meridian.http.json.JsonObjectBody;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.PaymentReceipt;
import dev.meridian.ports.in.RecordPayment;
import dev.meridian.ports.model.Permission;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

/**
 * {@code POST /api/v1/payments} (API.md §5.1), {@code payments:write}. The one success answer without the
 * envelope: {@code {"message":…,"transaction_id":…}}; errors use the envelope as everywhere.
 *
 * <p>JSON types: {@code amount} a number or a numeric string, {@code transaction_id} and {@code customer_id} a
 * string or a number, {@code renewal}/{@code refunded} booleans, the rest strings. {@code email} and
 * {@code name} win over their aliases {@code customer_email} and {@code customer_name}.
 */
@Controller("/api/v1/payments")
@ErrorResponses
@SecurityRequirement(name = "bearer")
public class PaymentsController {

    private final Authenticate authenticate;
    private final RecordPayment recordPayment;

    public PaymentsController(Authenticate authenticate, RecordPayment recordPayment) {
        this.authenticate = authenticate;
        this.recordPayment = recordPayment;
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/PaymentRequest")))
    public PaymentAnswer record(@RequestAttribute(BearerCredentialsFilter.CALLER) Caller caller,
                                @QueryValue("websiteId") @Nullable String websiteId,
                                @QueryValue("website_id") @Nullable String websiteIdSnakeCase,
                                @Body @Nullable byte[] body) {
        String website = authenticate.websiteFor(caller, Permission.PAYMENTS_WRITE,
                websiteId != null ? websiteId : websiteIdSnakeCase);
        JsonObjectBody json = JsonObjectBody.parse(body);
        String email = json.optionalString("email");
        String customerEmail = json.optionalString("customer_email");
        String name = json.optionalString("name");
        String customerName = json.optionalString("customer_name");
        PaymentReceipt receipt = recordPayment.record(new PaymentCommand(
                website,
                json.optionalStringOrNumber("amount"),
                json.optionalString("currency"),
                json.optionalStringOrNumber("transaction_id"),
                json.optionalString("datafast_visitor_id"),
                email != null ? email : customerEmail,
                name != null ? name : customerName,
                json.optionalStringOrNumber("customer_id"),
                json.optionalBoolean("renewal", false),
                json.optionalBoolean("refunded", false),
                json.optionalString("timestamp")));
        return new PaymentAnswer(message(receipt.outcome()), receipt.transactionId());
    }

    static String message(PaymentReceipt.Outcome outcome) {
        return switch (outcome) {
            case RECORDED -> "Payment recorded and attributed successfully";
            case ALREADY_RECORDED -> "Payment already recorded";
            case REFUNDED, REFUND_RECORDED -> "Refund recorded successfully";
            case ALREADY_REFUNDED -> "Refund already recorded";
        };
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"message", "transaction_id"})
    public record PaymentAnswer(@JsonProperty("message") String message,
                                @JsonProperty("transaction_id") String transactionId) {
    }
}
