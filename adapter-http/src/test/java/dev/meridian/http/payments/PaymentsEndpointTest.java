package dev.meridian.http.payments;

import static dev.meridian.http.Envelopes.assertErrorEnvelope;
import static dev.meridian.http.Envelopes.errorMessage;
import static dev.meridian.http.Envelopes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.PaymentCommand;
import dev.meridian.ports.in.PaymentReceipt;
import dev.meridian.ports.in.PaymentReceipt.Outcome;
import dev.meridian.ports.in.RecordPayment;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.Permission;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

@MicronautTest
class PaymentsEndpointTest {

    static final String WEBSITE_ID = "65f1c0ffee0000000000abcd";
    static final String KEY = "Bearer df_site_key";
    static final String TOKEN = "Bearer dft_token";
    static final Caller KEY_CALLER = new Caller.WebsiteKey(WEBSITE_ID);
    static final Caller ACCOUNT = new Caller.Account(
            new AccountToken("ab".repeat(32), Set.of(Permission.ANALYTICS_READ), Set.of(), Instant.EPOCH));

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Authenticate authenticate;

    @Inject
    RecordPayment recordPayment;

    @BeforeEach
    void knowAKeyAndAToken() {
        reset(authenticate, recordPayment);
        when(authenticate.authenticate(any())).thenAnswer(call -> {
            if (KEY.equals(call.getArgument(0))) {
                return KEY_CALLER;
            } else if (TOKEN.equals(call.getArgument(0))) {
                return ACCOUNT;
            }
            throw new UnauthorizedException("Missing or invalid credentials");
        });
        when(authenticate.websiteFor(eq(KEY_CALLER), eq(Permission.PAYMENTS_WRITE), isNull())).thenReturn(WEBSITE_ID);
        when(recordPayment.record(any())).thenAnswer(call -> new PaymentReceipt(
                ((PaymentCommand) call.getArgument(0)).transactionId(), Outcome.RECORDED, null));
    }

    private HttpResponse<String> post(String authorization, String query, String body) {
        var request = HttpRequest.POST("/api/v1/payments" + query, body).contentType(MediaType.APPLICATION_JSON_TYPE);
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
    }

    private PaymentCommand sentCommand() {
        ArgumentCaptor<PaymentCommand> command = ArgumentCaptor.forClass(PaymentCommand.class);
        verify(recordPayment).record(command.capture());
        return command.getValue();
    }

    @Test
    void aRecordedPaymentIsAnsweredWithoutTheEnvelope() {
        HttpResponse<String> response = post(KEY, "", "{\"amount\":49.9,\"currency\":\"USD\",\"transaction_id\":\"tx_1\"}");

        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(json(response.body()).toString()).isEqualTo(
                "{\"message\":\"Payment recorded and attributed successfully\",\"transaction_id\":\"tx_1\"}");
    }

    @Test
    void everyFieldReachesTheUseCaseWithTheWebsiteOfTheCredential() {
        post(KEY, "", """
                {"amount":"19.99","currency":"eur","transaction_id":"tx_2","datafast_visitor_id":"b971cbbf-7ce2-4925-902b-8f95a5fb3449",
                 "customer_email":"ada@example.com","customer_name":"Ada","customer_id":12345,"renewal":true,
                 "refunded":false,"timestamp":"2026-02-06T05:27:20.000Z"}""");

        assertThat(sentCommand()).isEqualTo(new PaymentCommand(WEBSITE_ID, "19.99", "eur", "tx_2",
                "b971cbbf-7ce2-4925-902b-8f95a5fb3449", "ada@example.com", "Ada", "12345", true, false,
                "2026-02-06T05:27:20.000Z"));
    }

    @Test
    void emailAndNameWinOverTheirCustomerAliases() {
        post(KEY, "", "{\"amount\":1,\"currency\":\"USD\",\"transaction_id\":\"t\",\"email\":\"a@x.com\","
                + "\"customer_email\":\"b@x.com\",\"name\":\"A\",\"customer_name\":\"B\"}");

        PaymentCommand sent = sentCommand();
        assertThat(sent.email()).isEqualTo("a@x.com");
        assertThat(sent.name()).isEqualTo("A");
        assertThat(sent.renewal()).isFalse();
        assertThat(sent.refunded()).isFalse();
    }

    @Test
    void aJsonNumberReachesCoreAsTheTextItWasSentAsNeverConverted() {
        // converted, 1e400 read Infinity and 1E-500000000 read 0.0 (a free trial); core's amount rule refuses both
        for (String amount : new String[] {"1e400", "1E-500000000", "49.90", "-0.0"}) {
            reset(recordPayment);
            when(recordPayment.record(any())).thenReturn(new PaymentReceipt("t", Outcome.RECORDED, null));
            post(KEY, "", "{\"amount\":" + amount + ",\"currency\":\"USD\",\"transaction_id\":\"t\"}");

            assertThat(sentCommand().amount()).isEqualTo(amount);
        }
    }

    @Test
    void eachOutcomeHasItsMessage() {
        for (Outcome outcome : Outcome.values()) {
            reset(recordPayment);
            when(recordPayment.record(any())).thenReturn(new PaymentReceipt("tx", outcome, null));

            HttpResponse<String> response = post(KEY, "", "{\"amount\":1,\"currency\":\"USD\",\"transaction_id\":\"tx\"}");

            assertThat(response.code()).isEqualTo(200);
            assertThat(json(response.body()).get("message").asText()).isEqualTo(switch (outcome) {
                case RECORDED -> "Payment recorded and attributed successfully";
                case ALREADY_RECORDED -> "Payment already recorded";
                case REFUNDED, REFUND_RECORDED -> "Refund recorded successfully";
                case ALREADY_REFUNDED -> "Refund already recorded";
            });
        }
    }

    @Test
    void fieldsOfTheWrongJsonTypeAre400NamingThem() {
        assertThat(wrongTypeMessage("{\"amount\":true}")).startsWith("amount must be a string or a number");
        assertThat(wrongTypeMessage("{\"amount\":1,\"renewal\":\"yes\"}")).startsWith("renewal must be a boolean");
        assertThat(wrongTypeMessage("{\"amount\":1,\"currency\":[\"USD\"]}")).startsWith("currency must be a string");
        verify(recordPayment, never()).record(any());
    }

    private String wrongTypeMessage(String body) {
        HttpResponse<String> response = post(KEY, "", body);
        assertErrorEnvelope(response, 400);
        return errorMessage(response);
    }

    @Test
    void invalidInputFoundByCoreUsesTheErrorEnvelope() {
        doThrow(new InvalidInputException("currency", "currency must be an ISO 4217 code"))
                .when(recordPayment).record(any());

        HttpResponse<String> response = post(KEY, "", "{\"amount\":1,\"currency\":\"DOLLAR\",\"transaction_id\":\"t\"}");

        assertErrorEnvelope(response, 400);
        assertThat(errorMessage(response)).isEqualTo("currency must be an ISO 4217 code");
    }

    @Test
    void anAccountTokenNamesTheWebsiteByEitherQueryParameter() {
        when(authenticate.websiteFor(ACCOUNT, Permission.PAYMENTS_WRITE, WEBSITE_ID)).thenReturn(WEBSITE_ID);

        assertThat(post(TOKEN, "?websiteId=" + WEBSITE_ID, "{\"amount\":1,\"currency\":\"USD\",\"transaction_id\":\"a\"}")
                .code()).isEqualTo(200);
        assertThat(post(TOKEN, "?website_id=" + WEBSITE_ID, "{\"amount\":1,\"currency\":\"USD\",\"transaction_id\":\"b\"}")
                .code()).isEqualTo(200);
    }

    @Test
    void permissionAndWebsiteFailuresAre403400And404BeforeTheBodyIsRead() {
        when(authenticate.websiteFor(eq(ACCOUNT), eq(Permission.PAYMENTS_WRITE), any())).thenAnswer(call -> {
            String requested = call.getArgument(2);
            if (requested == null) {
                throw new InvalidInputException("websiteId", "websiteId is required with an account token");
            } else if (requested.equals("ffffffffffffffffffffffff")) {
                throw new NotFoundException("website not found");
            }
            throw new ForbiddenException("this token lacks the permission payments:write");
        });

        assertErrorEnvelope(post(TOKEN, "?websiteId=" + WEBSITE_ID, "not json"), 403);
        assertErrorEnvelope(post(TOKEN, "", "{}"), 400);
        assertErrorEnvelope(post(TOKEN, "?websiteId=ffffffffffffffffffffffff", "{}"), 404);
        assertErrorEnvelope(post(null, "", "{}"), 401);
        verify(recordPayment, never()).record(any());
    }

    @Test
    void malformedJsonAndOtherMediaTypesAreRefused() {
        assertErrorEnvelope(post(KEY, "", "{\"amount\":"), 400);
        HttpResponse<String> form = client.toBlocking().exchange(HttpRequest.POST("/api/v1/payments", "amount=1")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE).header(HttpHeaders.AUTHORIZATION, KEY),
                Argument.STRING, Argument.STRING);
        assertErrorEnvelope(form, 415);
    }
}
