package dev.meridian.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.ids.ObjectIds;
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
import dev.meridian.ports.out.Websites;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialCheckTest {

    private final InMemoryStore store = new InMemoryStore();
    private final MutableClock clock = new MutableClock();
    private final WebsiteAdministration admin = new WebsiteAdministration(store.websites(), store.credentials(),
            clock, new ObjectIds());
    private final CredentialCheck check = new CredentialCheck(store.credentials(), store.websites());
    private final Website a = admin.create(new NewWebsite("a.com", null, null, null));
    private final Website b = admin.create(new NewWebsite("b.com", null, null, null));

    private String token(Set<Permission> permissions, Set<String> websites) {
        String token = Secrets.generate("dft_");
        store.credentials().saveAccountToken(new AccountToken(Secrets.hash(token), permissions, websites, clock.now()));
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
        assertThat(store.credentials().apiKeyByHash(key)).isEmpty();
        assertThat(store.credentials().apiKeyByHash(Secrets.hash(key))).get().extracting(k -> k.hash())
                .isNotEqualTo(key);
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
    void aRequestedWebsiteIdWithAControlCharacterIsNotFoundWithoutALookUp() {
        Website a = admin.create(new NewWebsite("a.example", null, null, null));
        Caller all = new Caller.Account(new AccountToken("h", Set.of(Permission.ALL), Set.of(), clock.now()));
        // a look-up with U+0000 would fail in PostgreSQL (a 500): such an id names no website
        Websites refusingNul = new Websites() {
            @Override
            public void save(Website website) {
                store.websites().save(website);
            }

            @Override
            public Optional<Website> byId(String id) {
                if (id.indexOf('\u0000') >= 0) {
                    throw new IllegalStateException("invalid byte sequence for encoding UTF8: 0x00");
                }
                return store.websites().byId(id);
            }

            @Override
            public Optional<Website> byTrackingId(String trackingId) {
                return store.websites().byTrackingId(trackingId);
            }

            @Override
            public List<Website> all() {
                return store.websites().all();
            }
        };
        CredentialCheck checked = new CredentialCheck(store.credentials(), refusingNul);

        assertThatThrownBy(() -> checked.websiteFor(all, Permission.ANALYTICS_READ, a.id() + "\u0000"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> checked.websiteFor(all, Permission.ANALYTICS_READ, "x".repeat(65)))
                .isInstanceOf(NotFoundException.class);
        assertThat(checked.websiteFor(all, Permission.ANALYTICS_READ, a.id())).isEqualTo(a.id());
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

    /** Counts what each check does: the structural form of "refusals take the same time". */
    private static final class CountingDigest implements CredentialDigest {
        int hashes;
        int comparisons;

        @Override
        public String hash(String secret) {
            hashes++;
            return CredentialDigest.SHA_256.hash(secret);
        }

        @Override
        public boolean matches(String computedHash, String storedHash) {
            comparisons++;
            assertThat(storedHash).as("compared with a full-length hash").hasSize(64);
            return CredentialDigest.SHA_256.matches(computedHash, storedHash);
        }
    }

    private static final class CountingCredentials extends ForwardingCredentials {
        int lookups;

        CountingCredentials(InMemoryStore store) {
            super(store.credentials());
        }

        @Override
        public java.util.Optional<dev.meridian.ports.model.ApiKey> apiKeyByHash(String hash) {
            lookups++;
            return super.apiKeyByHash(hash);
        }

        @Override
        public java.util.Optional<AccountToken> accountTokenByHash(String hash) {
            lookups++;
            return super.accountTokenByHash(hash);
        }
    }

    @Test
    void everyPresentedCredentialCostsOneHashOneLookUpAndOneConstantTimeComparisonWhetherUnknownOrWrong() {
        String key = admin.createApiKey(a.id());
        String adminToken = token(Set.of(Permission.ALL), Set.of());
        String wrongKey = key.substring(0, key.length() - 1) + (key.endsWith("0") ? "1" : "0");
        String wrongToken = adminToken.substring(0, adminToken.length() - 1) + (adminToken.endsWith("0") ? "1" : "0");
        String[] presented = {key, adminToken, wrongKey, wrongToken, "df_" + "0".repeat(64), "dft_" + "0".repeat(64),
                "xyz_unknown_prefix", "df_" + "a".repeat(600), "df_short"};
        for (String secret : presented) {
            CountingDigest digest = new CountingDigest();
            CountingCredentials counted = new CountingCredentials(store);
            CredentialCheck counting = new CredentialCheck(counted, store.websites(), digest);
            try {
                counting.authenticate("Bearer " + secret);
            } catch (UnauthorizedException refused) {
                assertThat(secret).as("only the issued key and token pass").isNotIn(key, adminToken);
            }
            assertThat(new int[] {digest.hashes, counted.lookups, digest.comparisons})
                    .as("hashes, look-ups and comparisons for %s", secret.substring(0, Math.min(12, secret.length())))
                    .containsExactly(1, 1, 1);
        }
    }

    @Test
    void aRevokedKeyFailsTheVeryNextRequest() {
        var issued = admin.issueApiKey(a.id());
        assertThat(check.authenticate("Bearer " + issued.key())).isEqualTo(new Caller.WebsiteKey(a.id()));

        admin.revokeApiKey(a.id(), issued.keyId());

        assertThatThrownBy(() -> check.authenticate("Bearer " + issued.key())).isInstanceOf(UnauthorizedException.class);
    }
}
