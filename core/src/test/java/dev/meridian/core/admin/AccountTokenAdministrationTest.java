package dev.meridian.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.MutableClock;
import dev.meridian.core.access.CredentialCheck;
import dev.meridian.core.ids.ObjectIds;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.error.ConflictException;
import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.AccountTokenSummary;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.IssuedAccountToken;
import dev.meridian.ports.in.NewAccountToken;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.Permission;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountTokenAdministrationTest {

    private static final String CONFIGURED = "dft_" + "0123456789abcdef".repeat(2);
    private static final String CHANGED = "dft_" + "fedcba9876543210".repeat(2);

    private final InMemoryStore store = new InMemoryStore();
    private final MutableClock clock = new MutableClock();
    private final AccountTokenAdministration tokens = new AccountTokenAdministration(store.credentials(),
            store.websites(), clock, new ObjectIds());
    private final WebsiteAdministration websites = new WebsiteAdministration(store.websites(), store.credentials(),
            clock, new ObjectIds());
    private final CredentialCheck check = new CredentialCheck(store.credentials(), store.websites());

    private Caller caller(String token) {
        return check.authenticate("Bearer " + token);
    }

    private Caller admin() {
        tokens.useConfigured(CONFIGURED);
        return caller(CONFIGURED);
    }

    private static NewAccountToken request(List<String> websiteIds, String... permissions) {
        return new NewAccountToken(Arrays.asList(permissions), websiteIds);
    }

    @Test
    void theFirstAdminTokenIsCreatedOnceAndWorks() {
        Optional<String> token = tokens.createIfNoneExists();

        assertThat(token).get().asString().startsWith("dft_");
        assertThat(tokens.createIfNoneExists()).isEmpty();
        assertThat(caller(token.orElseThrow())).isInstanceOf(Caller.Account.class);
        assertThat(store.credentials().accountTokens()).singleElement().satisfies(stored -> {
            assertThat(stored.adminToken()).isTrue();
            assertThat(stored.hasFullAccess()).isTrue();
            assertThat(stored.prefix()).isEqualTo(token.orElseThrow().substring(0, 9));
        });
    }

    @Test
    void aConfiguredAdminTokenMustLookLikeOne() {
        assertThatThrownBy(() -> tokens.useConfigured("secret")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> tokens.useConfigured("dft_short")).isInstanceOf(InvalidInputException.class);
        assertThat(tokens.useConfigured(CONFIGURED)).isZero();
        assertThat(tokens.createIfNoneExists()).isEmpty();
    }

    @Test
    void aChangedConfiguredTokenRevokesTheOneItReplacesButNoIssuedToken() {
        Caller first = admin();
        IssuedAccountToken issued = tokens.issueAccountToken(first, request(null, "analytics:read"));

        assertThat(tokens.useConfigured(CHANGED)).isEqualTo(1);

        assertThatThrownBy(() -> caller(CONFIGURED)).isInstanceOf(UnauthorizedException.class);
        assertThat(caller(CHANGED)).isInstanceOf(Caller.Account.class);
        assertThat(caller(issued.token())).isInstanceOf(Caller.Account.class);
        assertThat(tokens.useConfigured(CHANGED)).as("the same one at the next start").isZero();
        assertThat(store.credentials().accountTokens()).hasSize(2);
    }

    @Test
    void aConfiguredTokenReplacesTheGeneratedOne() {
        String generated = tokens.createIfNoneExists().orElseThrow();

        assertThat(tokens.useConfigured(CONFIGURED)).isEqualTo(1);

        assertThatThrownBy(() -> caller(generated)).isInstanceOf(UnauthorizedException.class);
        assertThat(caller(CONFIGURED)).isInstanceOf(Caller.Account.class);
    }

    @Test
    void anIssuedTokenIsShownOnceListedByIdPrefixAndPermissionsAndWorks() {
        Caller admin = admin();
        String site = websites.create(new NewWebsite("a.com", null, null, null)).id();

        IssuedAccountToken issued = tokens.issueAccountToken(admin, request(List.of(site), "analytics:read",
                "payments:write"));

        assertThat(issued.token()).startsWith("dft_").hasSize(4 + 64);
        assertThat(issued.prefix()).isEqualTo(issued.token().substring(0, 9));
        assertThat(issued.toString()).doesNotContain(issued.token());
        assertThat(tokens.accountTokens(admin)).extracting(AccountTokenSummary::tokenId).endsWith(issued.tokenId());
        assertThat(tokens.accountTokens(admin)).filteredOn(t -> t.tokenId().equals(issued.tokenId())).singleElement()
                .isEqualTo(new AccountTokenSummary(issued.tokenId(), issued.prefix(),
                        Set.of(Permission.ANALYTICS_READ, Permission.PAYMENTS_WRITE), Set.of(site), clock.now(), false));
        Caller.Account caller = (Caller.Account) caller(issued.token());
        assertThat(caller.token().permissions()).containsExactlyInAnyOrder(Permission.ANALYTICS_READ,
                Permission.PAYMENTS_WRITE);
        assertThat(caller.token().websiteIds()).containsExactly(site);
    }

    @Test
    void aTokenCannotGrantAPermissionOrAWebsiteItDoesNotHave() {
        Caller admin = admin();
        String a = websites.create(new NewWebsite("a.com", null, null, null)).id();
        String b = websites.create(new NewWebsite("b.com", null, null, null)).id();
        Caller writerOfA = caller(tokens.issueAccountToken(admin, request(List.of(a), "websites:write")).token());
        int before = store.credentials().accountTokens().size();

        assertThatThrownBy(() -> tokens.issueAccountToken(writerOfA, request(List.of(a), "*")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("*");
        assertThatThrownBy(() -> tokens.issueAccountToken(writerOfA, request(List.of(a), "analytics:read")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("analytics:read");
        assertThatThrownBy(() -> tokens.issueAccountToken(writerOfA, request(List.of(b), "websites:read")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining(b);
        assertThatThrownBy(() -> tokens.issueAccountToken(writerOfA, request(null, "websites:read")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("every website");
        assertThat(store.credentials().accountTokens()).hasSize(before);

        IssuedAccountToken reader = tokens.issueAccountToken(writerOfA, request(List.of(a), "websites:read"));
        assertThat(caller(reader.token())).isInstanceOf(Caller.Account.class);
    }

    @Test
    void aTokenSeesAndRevokesOnlyTokensItCouldHaveIssued() {
        Caller admin = admin();
        String adminId = store.credentials().accountTokens().get(0).id();
        String a = websites.create(new NewWebsite("a.com", null, null, null)).id();
        String b = websites.create(new NewWebsite("b.com", null, null, null)).id();
        IssuedAccountToken writerOfA = tokens.issueAccountToken(admin, request(List.of(a), "websites:write"));
        IssuedAccountToken readerOfA = tokens.issueAccountToken(admin, request(List.of(a), "websites:read"));
        IssuedAccountToken readerOfB = tokens.issueAccountToken(admin, request(List.of(b), "websites:read"));
        Caller writer = caller(writerOfA.token());

        assertThat(tokens.accountTokens(writer)).extracting(AccountTokenSummary::tokenId)
                .containsExactly(writerOfA.tokenId(), readerOfA.tokenId());
        assertThatThrownBy(() -> tokens.revokeAccountToken(writer, adminId)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tokens.revokeAccountToken(writer, readerOfB.tokenId()))
                .isInstanceOf(NotFoundException.class);
        tokens.revokeAccountToken(writer, readerOfA.tokenId());
        tokens.revokeAccountToken(writer, writerOfA.tokenId()); // itself

        assertThat(store.credentials().accountTokens()).extracting(t -> t.id()).containsExactly(adminId,
                readerOfB.tokenId());
    }

    @Test
    void aTokenIdWithAControlCharacterNamesNoTokenAndIsNotLookedUp() {
        Caller admin = admin();
        String adminId = store.credentials().accountTokens().get(0).id();

        // PostgreSQL refuses U+0000 in a query's text: such an id must not reach the look-up (it was a 500)
        assertThatThrownBy(() -> tokens.revokeAccountToken(admin, adminId + "\u0000")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> tokens.revokeAccountToken(admin, "t".repeat(65))).isInstanceOf(NotFoundException.class);
        assertThat(store.credentials().accountTokens()).extracting(t -> t.id()).containsExactly(adminId);
    }

    @Test
    void aRevokedTokenFailsTheVeryNextRequest() {
        Caller admin = admin();
        IssuedAccountToken issued = tokens.issueAccountToken(admin, request(null, "analytics:read"));
        assertThat(caller(issued.token())).isInstanceOf(Caller.Account.class);

        tokens.revokeAccountToken(admin, issued.tokenId());

        assertThatThrownBy(() -> caller(issued.token())).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> tokens.revokeAccountToken(admin, issued.tokenId())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theLastTokenWithPermissionAllOnEveryWebsiteIsNotRevoked() {
        Caller admin = admin();
        String adminId = store.credentials().accountTokens().get(0).id();

        assertThatThrownBy(() -> tokens.revokeAccountToken(admin, adminId)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("last");
        assertThat(caller(CONFIGURED)).isInstanceOf(Caller.Account.class);

        IssuedAccountToken successor = tokens.issueAccountToken(admin, request(null, "*"));
        tokens.revokeAccountToken(admin, adminId);
        assertThatThrownBy(() -> caller(CONFIGURED)).isInstanceOf(UnauthorizedException.class);
        assertThat(caller(successor.token())).isInstanceOf(Caller.Account.class);
    }

    @Test
    void badRequestsNameTheirFieldAndStoreNothing() {
        Caller admin = admin();
        int before = store.credentials().accountTokens().size();

        assertField(admin, new NewAccountToken(null, null), "permissions");
        assertField(admin, new NewAccountToken(List.of(), null), "permissions");
        assertField(admin, request(null, "analytics:write"), "permissions");
        assertField(admin, request(List.of("not-an-id"), "analytics:read"), "websiteIds");
        assertField(admin, request(List.of("ffffffffffffffffffffffff"), "analytics:read"), "websiteIds");
        assertField(admin, request(Collections.nCopies(1001, "ffffffffffffffffffffffff"), "analytics:read"),
                "websiteIds");
        assertThat(store.credentials().accountTokens()).hasSize(before);
    }

    private void assertField(Caller caller, NewAccountToken request, String field) {
        assertThatThrownBy(() -> tokens.issueAccountToken(caller, request))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void websiteKeysAndTokensWithoutThePermissionAreRefused() {
        Caller admin = admin();
        Caller analyst = caller(tokens.issueAccountToken(admin, request(null, "analytics:read")).token());
        Caller key = new Caller.WebsiteKey("aaaaaaaaaaaaaaaaaaaaaaaa");

        assertThatThrownBy(() -> tokens.accountTokens(key)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> tokens.accountTokens(analyst)).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("websites:read");
        assertThatThrownBy(() -> tokens.issueAccountToken(analyst, request(null, "analytics:read")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("websites:write");
        assertThatThrownBy(() -> tokens.revokeAccountToken(analyst, "ffffffffffffffffffffffff"))
                .isInstanceOf(ForbiddenException.class);
    }
}
