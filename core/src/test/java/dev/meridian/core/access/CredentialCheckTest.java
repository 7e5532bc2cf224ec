package dev.meridian.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.ObjectIds;
import dev.meridian.core.MutableClock;
import dev.meridian.core.admin.WebsiteAdministration;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.Website;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialCheckTest {

    private final InMemoryStore store = new InMemoryStore();
    private final MutableClock clock = new MutableClock();
    private final WebsiteAdministration admin = new WebsiteAdministration(store, store, clock, new ObjectIds());
    private final CredentialCheck check = new CredentialCheck(store, store);
    private final Website a = admin.create(new NewWebsite("a.com", null, null, null));
    private final Website b = admin.create(new NewWebsite("b.com", null, null, null));

    private String token(Set<Permission> permissions, Set<String> websites) {
        String token = Secrets.generate("dft_");
        store.saveAccountToken(new AccountToken(Secrets.hash(token), permissions, websites, clock.now()));
        return token;
    }

    @Test
    void aWebsiteKeyActsOnItsOwnWebsiteOnly() {
        String key = admin.createApiKey(a.id());
        Caller caller = check.authenticate("Bearer " + key);

        assertThat(check.websiteFor(caller, Permission.ANALYTICS_READ, null)).isEqualTo(a.id());
        assertThat(check.websiteFor(caller, Permission.ANALYTICS_READ, a.id())).isEqualTo(a.id());
        assertThatThrownBy(() -> check.websiteFor(caller, Permission.ANALYTICS_READ, b.id()))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void keysAreStoredOnlyAsTheirHash() {
        String key = admin.createApiKey(a.id());

        assertThat(key).startsWith("df_").hasSize(3 + 64);
        assertThat(store.apiKeyByHash(key)).isEmpty();
        assertThat(store.apiKeyByHash(Secrets.hash(key))).get().extracting(k -> k.hash()).isNotEqualTo(key);
    }

    @Test
    void missingMalformedUnknownAndWrongCredentialsAreUnauthorized() {
        String key = admin.createApiKey(a.id());
        for (String header : new String[] {null, "", "Basic abc", "Bearer ", "Bearer df_unknown",
                "Bearer dft_unknown", "Bearer " + key + "x", "Bearer xyz", "Bearer " + "df_".repeat(300)}) {
            assertThatThrownBy(() -> check.authenticate(header)).as(String.valueOf(header))
                    .isInstanceOf(UnauthorizedException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key));
        }
        assertThat(check.authenticate("bearer " + key)).isEqualTo(new Caller.WebsiteKey(a.id()));
    }

    @Test
    void anAccountTokenMustNameAnExistingWebsiteItMayReachWithThePermission() {
        Caller all = check.authenticate("Bearer " + token(Set.of(Permission.ALL), Set.of()));
        Caller onlyB = check.authenticate("Bearer " + token(Set.of(Permission.ANALYTICS_READ), Set.of(b.id())));
        Caller goalsOnly = check.authenticate("Bearer " + token(Set.of(Permission.GOALS_WRITE), Set.of()));

        assertThat(check.websiteFor(all, Permission.ANALYTICS_READ, a.id())).isEqualTo(a.id());
        assertThat(check.websiteFor(onlyB, Permission.ANALYTICS_READ, b.id())).isEqualTo(b.id());
        assertThatThrownBy(() -> check.websiteFor(all, Permission.ANALYTICS_READ, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("websiteId"));
        assertThatThrownBy(() -> check.websiteFor(all, Permission.ANALYTICS_READ, "ffffffffffffffffffffffff"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> check.websiteFor(onlyB, Permission.ANALYTICS_READ, a.id()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> check.websiteFor(goalsOnly, Permission.ANALYTICS_READ, a.id()))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void administrationNeedsAnAccountTokenWithThePermission() {
        Caller key = check.authenticate("Bearer " + admin.createApiKey(a.id()));
        Caller reader = check.authenticate("Bearer " + token(Set.of(Permission.WEBSITES_READ), Set.of()));
        Caller writer = check.authenticate("Bearer " + token(Set.of(Permission.WEBSITES_WRITE), Set.of()));

        assertThatThrownBy(() -> check.require(key, Permission.WEBSITES_READ)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> check.require(reader, Permission.WEBSITES_WRITE))
                .isInstanceOf(ForbiddenException.class);
        check.require(reader, Permission.WEBSITES_READ);
        check.require(writer, Permission.WEBSITES_READ);
        check.require(writer, Permission.WEBSITES_WRITE);
    }
}
