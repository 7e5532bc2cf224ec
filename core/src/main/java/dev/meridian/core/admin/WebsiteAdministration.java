package dev.meridian.core.admin;

import dev.meridian.core.access.Secrets;
import dev.meridian.core.ids.ObjectIds;
import dev.meridian.core.rules.CurrencyRule;
import dev.meridian.core.rules.IdRule;
import dev.meridian.core.rules.TextRule;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.ApiKeySummary;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.IssuedApiKey;
import dev.meridian.ports.in.ManageWebsites;
import dev.meridian.ports.in.NewWebsite;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.Websites;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Websites and their API keys (API.md §6). */
public final class WebsiteAdministration implements ManageWebsites {

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_NAME_LENGTH = 255;
    /** What a key listing shows of a key: {@code df_} and 5 hex digits (20 of its 256 random bits). */
    private static final int KEY_PREFIX_LENGTH = 8;

    private final Websites websites;
    private final Credentials credentials;
    private final Clock clock;
    private final ObjectIds ids;

    public WebsiteAdministration(Websites websites, Credentials credentials, Clock clock, ObjectIds ids) {
        this.websites = websites;
        this.credentials = credentials;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public Website create(NewWebsite request) {
        String domain = domain(request.domain());
        String given = TextRule.optionalFree("name", request.name(), MAX_NAME_LENGTH);
        String name = given == null ? domain : given;
        String currency = request.currency() == null || request.currency().isBlank()
                ? "USD" : CurrencyRule.code("currency", request.currency());
        String timezone = timezone(request.timezone());
        Instant now = clock.now();
        Website website = new Website(ids.next(now), "dfid_" + ids.next(now), domain, name, currency, timezone,
                List.of(), now);
        websites.save(website);
        return website;
    }

    @Override
    public List<Website> list(Caller caller) {
        List<Website> all = websites.all();
        if (caller instanceof Caller.WebsiteKey key) {
            return all.stream().filter(w -> w.id().equals(key.websiteId())).toList();
        }
        AccountToken token = ((Caller.Account) caller).token();
        return all.stream().filter(w -> token.reaches(w.id())).toList();
    }

    @Override
    public IssuedApiKey issueApiKey(String websiteId) {
        Website website = existing(websiteId);
        String key = Secrets.generate(Secrets.API_KEY_PREFIX);
        Instant now = clock.now();
        String prefix = key.substring(0, KEY_PREFIX_LENGTH);
        String id = ids.next(now);
        credentials.saveApiKey(new ApiKey(Secrets.hash(key), website.id(), now, id, prefix));
        return new IssuedApiKey(id, key, prefix, now);
    }

    @Override
    public List<ApiKeySummary> apiKeys(String websiteId) {
        Website website = existing(websiteId);
        return credentials.apiKeysOf(website.id()).stream()
                .map(key -> new ApiKeySummary(key.id(), key.prefix(), key.createdAt()))
                .toList();
    }

    @Override
    public void revokeApiKey(String websiteId, String keyId) {
        Website website = existing(websiteId);
        if (!IdRule.canName(keyId) || !credentials.deleteApiKey(website.id(), keyId)) {
            throw new NotFoundException("API key not found: " + keyId);
        }
    }

    private Website existing(String websiteId) {
        return (IdRule.canName(websiteId) ? websites.byId(websiteId) : Optional.<Website>empty())
                .orElseThrow(() -> new NotFoundException("website not found: " + websiteId));
    }

    private static String domain(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("domain", "domain is required");
        }
        TextRule.requireClean("domain", value, false);
        String domain = value.strip().toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(domain).matches()) {
            throw new InvalidInputException("domain",
                    "domain must be a host name such as example.com (no scheme, path or port)");
        }
        return domain;
    }

    private static String timezone(String value) {
        if (value == null || value.isBlank()) {
            return "UTC";
        }
        TextRule.requireClean("timezone", value, false);
        try {
            return ZoneId.of(value.strip()).getId();
        } catch (DateTimeException unknown) {
            throw new InvalidInputException("timezone", "timezone must be an IANA zone id such as Europe/Paris");
        }
    }
}
