package dev.meridian.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.MutableClock;
import dev.meridian.core.ids.ObjectIds;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.ApiKeySummary;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.IssuedApiKey;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.Website;
import org.junit.jupiter.api.Test;

class WebsiteAdministrationTest {

    private final InMemoryStore store = new InMemoryStore();
    private final WebsiteAdministration admin = new WebsiteAdministration(store.websites(), store.credentials(),
            new MutableClock(), new ObjectIds());

    @Test
    void aNewWebsiteGetsIdsAndDefaults() {
        Website site = admin.create(new NewWebsite(" Example.COM ", null, null, null));

        assertThat(site.id()).matches("[0-9a-f]{24}");
        assertThat(site.trackingId()).startsWith("dfid_");
        assertThat(site.domain()).isEqualTo("example.com");
        assertThat(site.name()).isEqualTo("example.com");
        assertThat(site.currency()).isEqualTo("USD");
        assertThat(site.timezone()).isEqualTo("UTC");
        assertThat(store.websites().byTrackingId(site.trackingId())).contains(site);
    }

    @Test
    void badFieldsAreNamed() {
        assertField(new NewWebsite(null, null, null, null), "domain");
        assertField(new NewWebsite("https://example.com/", null, null, null), "domain");
        assertField(new NewWebsite("example.com:8080", null, null, null), "domain");
        assertField(new NewWebsite("example.com", null, "dollars", null), "currency");
        assertField(new NewWebsite("example.com", null, null, "Mars/Olympus"), "timezone");
        assertField(new NewWebsite("example.com", "n".repeat(256), null, null), "name");
        assertField(new NewWebsite("example.com", "Sh\u0000op", null, null), "name");
        assertField(new NewWebsite("example.com", "Shop\n", null, null), "name");
        assertField(new NewWebsite("example.com\u001f", null, null, null), "domain");
        assertField(new NewWebsite("example.com", null, "u\u017fd", null), "currency");
        assertField(new NewWebsite("example.com", null, "ABC", null), "currency");
        assertField(new NewWebsite("example.com", null, null, "Europe/Paris\u0000"), "timezone");
        assertThat(store.websites().all()).isEmpty();
    }

    @Test
    void idsWithControlCharactersNameNoWebsiteAndNoKeyAndAreNotLookedUp() {
        Website site = admin.create(new NewWebsite("example.com", null, null, null));

        assertThatThrownBy(() -> admin.createApiKey(site.id() + "\u0000")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin.apiKeys("\u0000")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin.revokeApiKey(site.id(), "\u0000")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin.revokeApiKey(site.id(), "k".repeat(65))).isInstanceOf(NotFoundException.class);
    }

    private void assertField(NewWebsite request, String field) {
        assertThatThrownBy(() -> admin.create(request))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void anApiKeyNeedsAnExistingWebsite() {
        assertThatThrownBy(() -> admin.createApiKey("ffffffffffffffffffffffff")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anIssuedKeyIsListedByIdPrefixAndTimeButNeverByItself() {
        Website site = admin.create(new NewWebsite("example.com", null, null, null));
        IssuedApiKey first = admin.issueApiKey(site.id());
        IssuedApiKey second = admin.issueApiKey(site.id());

        assertThat(first.keyId()).matches("[0-9a-f]{24}").isNotEqualTo(second.keyId());
        assertThat(first.prefix()).isEqualTo(first.key().substring(0, 8)).startsWith("df_");
        assertThat(first.toString()).doesNotContain(first.key());
        assertThat(admin.apiKeys(site.id())).containsExactly(
                new ApiKeySummary(first.keyId(), first.prefix(), first.createdAt()),
                new ApiKeySummary(second.keyId(), second.prefix(), second.createdAt()));
    }

    @Test
    void revokingAKeyRemovesOnlyThatKeyOfThatWebsite() {
        Website site = admin.create(new NewWebsite("example.com", null, null, null));
        Website other = admin.create(new NewWebsite("other.com", null, null, null));
        IssuedApiKey revoked = admin.issueApiKey(site.id());
        IssuedApiKey kept = admin.issueApiKey(site.id());

        assertThatThrownBy(() -> admin.revokeApiKey(other.id(), revoked.keyId()))
                .as("another website's key").isInstanceOf(NotFoundException.class);
        admin.revokeApiKey(site.id(), revoked.keyId());

        assertThat(admin.apiKeys(site.id())).extracting(ApiKeySummary::keyId).containsExactly(kept.keyId());
        assertThatThrownBy(() -> admin.revokeApiKey(site.id(), revoked.keyId())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin.revokeApiKey("ffffffffffffffffffffffff", kept.keyId()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> admin.apiKeys("ffffffffffffffffffffffff")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void listingShowsOnlyWhatTheCallerMayReach() {
        Website a = admin.create(new NewWebsite("a.com", null, null, null));
        admin.create(new NewWebsite("b.com", null, null, null));

        assertThat(admin.list(new Caller.WebsiteKey(a.id()))).containsExactly(a);
    }
}
