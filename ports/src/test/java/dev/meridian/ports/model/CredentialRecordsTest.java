package dev.meridian.ports.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.in.IssuedAccountToken;
import dev.meridian.ports.in.IssuedApiKey;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialRecordsTest {

    private static final Instant AT = Instant.parse("2024-05-01T12:00:00Z");
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void noCredentialRecordShowsItsSecretOrHashWhenPrinted() {
        ApiKey key = new ApiKey(HASH, "site", AT, "65f1c0ffee0000000000abcd", "df_1a2b3");
        AccountToken token = new AccountToken(HASH, Set.of(Permission.ALL), Set.of(), AT);
        IssuedApiKey issued = new IssuedApiKey("65f1c0ffee0000000000abcd", "df_1a2b3c4d5e6f", "df_1a2b3", AT);

        assertThat(key.toString()).doesNotContain(HASH).contains("df_1a2b3", "site");
        assertThat(token.toString()).doesNotContain(HASH).contains("ALL");
        assertThat(issued.toString()).doesNotContain("df_1a2b3c4d5e6f").contains("df_1a2b3");
    }

    @Test
    void anApiKeyNeedsItsHashWebsiteAndCreationTimeButMayLackAnIdAndPrefix() {
        ApiKey legacy = new ApiKey(HASH, "site", AT);
        assertThat(legacy.id()).isNull();
        assertThat(legacy.prefix()).isNull();

        assertThatThrownBy(() -> new ApiKey(null, "site", AT)).isInstanceOf(NullPointerException.class)
                .hasMessage("hash");
        assertThatThrownBy(() -> new ApiKey(HASH, null, AT)).isInstanceOf(NullPointerException.class)
                .hasMessage("websiteId");
        assertThatThrownBy(() -> new ApiKey(HASH, "site", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("createdAt");
    }

    @Test
    void anIssuedKeyNeedsEveryField() {
        assertThatThrownBy(() -> new IssuedApiKey(null, "df_x", "df_x", AT)).hasMessage("keyId");
        assertThatThrownBy(() -> new IssuedApiKey("id", null, "df_x", AT)).hasMessage("key");
        assertThatThrownBy(() -> new IssuedApiKey("id", "df_x", null, AT)).hasMessage("prefix");
        assertThatThrownBy(() -> new IssuedApiKey("id", "df_x", "df_x", null)).hasMessage("createdAt");
    }

    @Test
    void anIssuedAccountTokenNeverPrintsItselfAndAStoredOneNeverItsHash() {
        String secret = "dft_" + "ab".repeat(32);
        IssuedAccountToken issued = new IssuedAccountToken("65f1c0ffee0000000000abcd", secret, secret.substring(0, 9),
                Set.of(Permission.ANALYTICS_READ), Set.of("site"), AT);
        AccountToken stored = new AccountToken(HASH, Set.of(Permission.ALL), Set.of(), AT, "65f1c0ffee0000000000abcd",
                "dft_ababa", true);

        assertThat(issued.toString()).doesNotContain(secret).contains("dft_ababa", "65f1c0ffee0000000000abcd");
        assertThat(stored.toString()).doesNotContain(HASH).contains("dft_ababa", "adminToken");
        assertThatThrownBy(() -> new IssuedAccountToken("id", null, "dft_x", Set.of(), Set.of(), AT)).hasMessage("token");
    }

    @Test
    void fullAccessIsPermissionAllOnEveryWebsite() {
        assertThat(new AccountToken(HASH, Set.of(Permission.ALL), Set.of(), AT).hasFullAccess()).isTrue();
        assertThat(new AccountToken(HASH, Set.of(Permission.ALL), Set.of("site"), AT).hasFullAccess()).isFalse();
        assertThat(new AccountToken(HASH, Set.of(Permission.WEBSITES_WRITE, Permission.ANALYTICS_READ,
                Permission.GOALS_WRITE, Permission.PAYMENTS_WRITE, Permission.IDENTIFY_WRITE), Set.of(), AT)
                .hasFullAccess()).as("every permission but *").isFalse();
        AccountToken legacy = new AccountToken(HASH, Set.of(Permission.ALL), Set.of(), AT);
        assertThat(legacy.id()).isNull();
        assertThat(legacy.adminToken()).isFalse();
        assertThat(legacy.withId("65f1c0ffee0000000000abcd").id()).isEqualTo("65f1c0ffee0000000000abcd");
    }

    @Test
    void anAccountTokenNeedsItsHashCreationTimeAndPermissions() {
        assertThatThrownBy(() -> new AccountToken(null, Set.of(), Set.of(), AT)).hasMessage("hash");
        assertThatThrownBy(() -> new AccountToken(HASH, Set.of(), Set.of(), null)).hasMessage("createdAt");
        assertThatThrownBy(() -> new AccountToken(HASH, null, Set.of(), AT))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aTokenAllowsWhatItWasGrantedAndWritingWebsitesIncludesReadingThem() {
        AccountToken writer = new AccountToken(HASH, Set.of(Permission.WEBSITES_WRITE, Permission.GOALS_WRITE),
                Set.of(), AT);

        assertThat(writer.allows(Permission.WEBSITES_WRITE)).isTrue();
        assertThat(writer.allows(Permission.WEBSITES_READ)).isTrue();
        assertThat(writer.allows(Permission.GOALS_WRITE)).isTrue();
        assertThat(writer.allows(Permission.ANALYTICS_READ)).isFalse();
        assertThat(writer.allows(Permission.PAYMENTS_WRITE)).isFalse();

        AccountToken reader = new AccountToken(HASH, Set.of(Permission.WEBSITES_READ), Set.of(), AT);
        assertThat(reader.allows(Permission.WEBSITES_WRITE)).isFalse();
    }

    @Test
    void theWildcardPermissionAllowsEverything() {
        AccountToken all = new AccountToken(HASH, Set.of(Permission.ALL), Set.of(), AT);

        assertThat(EnumSet.allOf(Permission.class)).allMatch(all::allows);
    }

    @Test
    void aTokenWithoutWebsitesReachesEveryWebsiteAndOtherwiseOnlyItsOwn() {
        assertThat(new AccountToken(HASH, Set.of(Permission.ALL), null, AT).reaches("any")).isTrue();
        assertThat(new AccountToken(HASH, Set.of(Permission.ALL), Set.of(), AT).reaches("any")).isTrue();

        AccountToken scoped = new AccountToken(HASH, Set.of(Permission.ALL), Set.of("site-a"), AT);
        assertThat(scoped.reaches("site-a")).isTrue();
        assertThat(scoped.reaches("site-b")).isFalse();
    }

    @Test
    void aTokensSetsAreCopiesTheCallerCannotChangeAfterwards() {
        Set<Permission> permissions = new HashSet<>(Set.of(Permission.ANALYTICS_READ));
        Set<String> websites = new HashSet<>(Set.of("site-a"));
        AccountToken token = new AccountToken(HASH, permissions, websites, AT);

        permissions.add(Permission.ALL);
        websites.add("site-b");

        assertThat(token.allows(Permission.WEBSITES_WRITE)).isFalse();
        assertThat(token.reaches("site-b")).isFalse();
        assertThatThrownBy(() -> token.permissions().add(Permission.ALL))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
