package dev.meridian.app;

import static dev.meridian.app.JsonApi.data;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.JsonApi.Answer;
import dev.meridian.app.JsonApi.Site;
import dev.meridian.core.access.Secrets;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.CustomerInfo;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.out.Storage;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real server over the in-memory store: payments, goals and identify through HTTP (API.md §4, §5), what
 * they show on the realtime map, and the credential rules of each route with real keys and tokens.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "meridian.storage", value = "memory")
@Property(name = "meridian.admin-token", value = RevenueAndIdentityEndToEndTest.ADMIN)
@Property(name = "meridian.data-dir", value = "target/e2e-revenue-data")
@Property(name = "meridian.enrichment.enabled", value = "false")
@Property(name = "meridian.currency-rates", value = "EUR=1.08, GBP=1.25")
class RevenueAndIdentityEndToEndTest {

    static final String ADMIN = "dft_fedcba9876543210fedcba9876543210";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Storage storage;

    private Answer send(MutableHttpRequest<?> request, String credential) {
        return new JsonApi(client, ADMIN).send(request, credential);
    }

    private Site createSite(String domain) {
        return new JsonApi(client, ADMIN).createSite(domain);
    }

    private String pageview(Site site) {
        String visitor = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("websiteId", site.trackingId(), "domain", site.domain(),
                "href", "https://" + site.domain() + "/pricing", "type", "pageview", "visitorId", visitor,
                "sessionId", "s" + UUID.randomUUID());
        data(send(HttpRequest.POST("/api/events", body), null));
        return visitor;
    }

    private Answer pay(Site site, Map<String, Object> body) {
        return send(HttpRequest.POST("/api/v1/payments", body), site.key());
    }

    private String accountToken(Set<Permission> permissions, Set<String> websites) {
        String token = Secrets.generate(Secrets.ACCOUNT_TOKEN_PREFIX);
        storage.credentials().saveAccountToken(new AccountToken(Secrets.hash(token), permissions, websites, Instant.now()));
        return token;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Site site) {
        return data(send(HttpRequest.GET("/api/v1/analytics/realtime/map"), site.key()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> visitorOnMap(Map<String, Object> map, String visitorId) {
        return ((List<Map<String, Object>>) map.get("visitors")).stream()
                .filter(v -> v.get("visitorId").equals(visitorId)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> map, String key) {
        return (List<Map<String, Object>>) map.get(key);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anIdentifiedVisitorWhoPaysShowsAsACustomerWithItsProfileAndPayment() {
        Site site = createSite("revenue.example");
        String visitor = pageview(site);
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("datafast_visitor_id", visitor);
        profile.put("user_id", "user-42");
        profile.put("name", "Ada L.");
        profile.put("email", "ada@example.com");
        profile.put("plan", "pro");

        Map<String, Object> identified = data(send(HttpRequest.POST("/api/v1/identify", profile), site.key()));
        assertThat(identified).containsEntry("message", "User profile created successfully").containsKey("profileId");

        Answer paid = pay(site, Map.of("amount", 49.99, "currency", "USD", "transaction_id", "ch_1",
                "customer_email", "ADA@example.com", "customer_name", "Ada Lovelace"));
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.body()).isEqualTo(Map.of("message", "Payment recorded and attributed successfully",
                "transaction_id", "ch_1"));

        Map<String, Object> map = map(site);
        Map<String, Object> shown = visitorOnMap(map, visitor);
        assertThat(shown).containsEntry("isCustomer", true).containsEntry("customerName", "Ada Lovelace")
                .containsEntry("customerEmail", "ADA@example.com");
        assertThat((Map<String, Object>) shown.get("profileData")).isEqualTo(Map.of("displayName", "Ada L.",
                "userId", "user-42", "hasProfile", true, "isRandomName", false));
        Map<String, Object> payment = list(map, "recentPayments").get(0);
        assertThat(payment).containsEntry("type", "payment_received").containsEntry("amount", 49.99)
                .containsEntry("currency", "USD").containsEntry("name", "Ada Lovelace")
                .containsEntry("email", "ADA@example.com").containsEntry("renewal", false)
                .containsEntry("displayName", "Ada L.").containsEntry("isNew", true).containsEntry("visible", true);
        assertThat(list(map, "recentEvents").get(0)).containsEntry("type", "identify")
                .containsEntry("displayName", "Ada L.").containsEntry("customerName", "Ada Lovelace");
    }

    @Test
    void theSameTransactionPostedByManyClientsAtOnceIsStoredOnceAndEveryoneGets200() throws Exception {
        Site site = createSite("race.example");
        String visitor = pageview(site);
        Map<String, Object> body = Map.of("amount", 30, "currency", "USD", "transaction_id", "ch_race",
                "datafast_visitor_id", visitor);
        ExecutorService threads = Executors.newFixedThreadPool(12);
        List<Answer> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return pay(site, body);
                }));
            }
            start.countDown();
            for (Future<Answer> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(answers).filteredOn(a -> a.body().get("message").equals("Payment recorded and attributed successfully"))
                .hasSize(1);
        assertThat(answers).filteredOn(a -> a.body().get("message").equals("Payment already recorded")).hasSize(23);
        assertThat(list(map(site), "recentPayments")).hasSize(1);
        assertThat(storage.visitors().find(site.id(), visitor).orElseThrow().customer().revenue()).isEqualByComparingTo("30");
    }

    @Test
    void aRefundTakesThePaymentOffTheMapAndTheVisitorIsNoLongerACustomer() {
        Site site = createSite("refund.example");
        String visitor = pageview(site);
        pay(site, Map.of("amount", "20.00", "currency", "USD", "transaction_id", "ch_r", "datafast_visitor_id", visitor));

        Answer refund = pay(site, Map.of("amount", 20, "currency", "USD", "transaction_id", "ch_r", "refunded", true));
        Answer again = pay(site, Map.of("amount", 20, "currency", "USD", "transaction_id", "ch_r", "refunded", true));

        assertThat(refund.body()).containsEntry("message", "Refund recorded successfully");
        assertThat(again.body()).containsEntry("message", "Refund already recorded");
        Map<String, Object> map = map(site);
        assertThat(list(map, "recentPayments")).isEmpty();
        assertThat(visitorOnMap(map, visitor)).containsEntry("isCustomer", false);
    }

    @Test
    void aFreeTrialAndARenewalShowAsSuch() {
        Site site = createSite("trial.example");
        String visitor = pageview(site);
        pay(site, Map.of("amount", 0, "currency", "USD", "transaction_id", "trial", "datafast_visitor_id", visitor));
        pay(site, Map.of("amount", 9, "currency", "USD", "transaction_id", "renew", "renewal", true,
                "email", "someone@example.com"));

        List<Map<String, Object>> payments = list(map(site), "recentPayments");
        Map<String, Map<String, Object>> byType = new LinkedHashMap<>();
        payments.forEach(p -> byType.put((String) p.get("type") + p.get("renewal"), p));
        assertThat(byType.get("free_trialfalse")).containsEntry("amount", 0).containsEntry("visible", true);
        assertThat(byType.get("payment_receivedtrue")).containsEntry("isNew", false).containsEntry("visible", false);
        assertThat(visitorOnMap(map(site), visitor)).containsEntry("isCustomer", false);
    }

    @Test
    void revenueInAnotherCurrencyIsConvertedWithTheConfiguredRates() {
        Site site = createSite("currency.example");
        String visitor = pageview(site);
        pay(site, Map.of("amount", 100, "currency", "EUR", "transaction_id", "eur", "datafast_visitor_id", visitor));
        pay(site, Map.of("amount", 10, "currency", "gbp", "transaction_id", "gbp", "datafast_visitor_id", visitor));
        pay(site, Map.of("amount", 10, "currency", "CHF", "transaction_id", "chf", "datafast_visitor_id", visitor));

        CustomerInfo customer = storage.visitors().find(site.id(), visitor).orElseThrow().customer();
        assertThat(customer.customer()).isTrue();
        assertThat(customer.revenue()).isEqualByComparingTo(new BigDecimal("120.5"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGoalAppearsInTheMapsRecentEventsAndNeedsAVisitorWithAPageview() {
        Site site = createSite("goals.example");
        String visitor = pageview(site);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("datafast_visitor_id", visitor);
        body.put("name", "Started Checkout");
        body.put("metadata", Map.of("plan", "pro"));
        Answer created = send(HttpRequest.POST("/api/v1/goals", body), site.key());
        Answer unknown = send(HttpRequest.POST("/api/v1/goals", Map.of("datafast_visitor_id", UUID.randomUUID().toString(),
                "name", "signup")), site.key());
        Answer reserved = send(HttpRequest.POST("/api/v1/goals", Map.of("datafast_visitor_id", visitor,
                "name", "payment")), site.key());

        assertThat(created.status()).isEqualTo(200);
        List<Map<String, Object>> data = (List<Map<String, Object>>) created.body().get("data");
        assertThat(data).singleElement().satisfies(d -> assertThat(d)
                .containsEntry("message", "Custom event created successfully").containsKey("eventId"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(reserved.status()).isEqualTo(400);
        assertThat((String) ((Map<String, Object>) reserved.body().get("error")).get("message")).contains("name");
        Map<String, Object> event = list(map(site), "recentEvents").get(0);
        assertThat(event).containsEntry("_id", data.get(0).get("eventId")).containsEntry("type", "custom")
                .containsEntry("visitorId", visitor).containsEntry("path", "/pricing");
        assertThat((Map<String, Object>) event.get("extraData")).isEqualTo(Map.of("eventName", "started_checkout",
                "plan", "pro"));
    }

    @Test
    void identifyOfAnUnknownVisitorIs404AndWithoutUserIdIs400() {
        Site site = createSite("identify.example");
        String visitor = pageview(site);

        assertThat(send(HttpRequest.POST("/api/v1/identify", Map.of("datafast_visitor_id", UUID.randomUUID().toString(),
                "user_id", "u1")), site.key()).status()).isEqualTo(404);
        assertThat(send(HttpRequest.POST("/api/v1/identify", Map.of("datafast_visitor_id", visitor, "name", "Ada")),
                site.key()).status()).isEqualTo(400);
    }

    @Test
    void eachRouteNeedsItsPermissionTheWebsiteAndAccessToIt() {
        Site a = createSite("perm-a.example");
        Site b = createSite("perm-b.example");
        String visitor = pageview(a);
        String readOnly = accountToken(Set.of(Permission.ANALYTICS_READ), Set.of());
        String writer = accountToken(Set.of(Permission.PAYMENTS_WRITE, Permission.GOALS_WRITE,
                Permission.IDENTIFY_WRITE), Set.of(a.id()));
        Map<String, Map<String, Object>> bodies = Map.of(
                "/api/v1/payments", Map.of("amount", 1, "currency", "USD", "transaction_id", "perm-" + UUID.randomUUID()),
                "/api/v1/goals", Map.of("datafast_visitor_id", visitor, "name", "signup"),
                "/api/v1/identify", Map.of("datafast_visitor_id", visitor, "user_id", "u1"));

        bodies.forEach((route, body) -> {
            assertThat(send(HttpRequest.POST(route + "?websiteId=" + a.id(), body), readOnly).status())
                    .as("%s without the permission", route).isEqualTo(403);
            assertThat(send(HttpRequest.POST(route, body), writer).status())
                    .as("%s: account token without websiteId", route).isEqualTo(400);
            assertThat(send(HttpRequest.POST(route + "?websiteId=ffffffffffffffffffffffff", body), writer).status())
                    .as("%s: unknown website", route).isEqualTo(404);
            assertThat(send(HttpRequest.POST(route + "?websiteId=" + b.id(), body), writer).status())
                    .as("%s: a website the token does not reach", route).isEqualTo(403);
            assertThat(send(HttpRequest.POST(route + "?websiteId=" + b.id(), body), a.key()).status())
                    .as("%s: a key of another website", route).isEqualTo(403);
            assertThat(send(HttpRequest.POST(route, body), null).status()).as("%s without credentials", route)
                    .isEqualTo(401);
            assertThat(send(HttpRequest.POST(route + "?website_id=" + a.id(), body), writer).status())
                    .as("%s with the permission", route).isEqualTo(200);
        });
    }
}
