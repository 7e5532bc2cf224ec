package dev.meridian.core.access;

import dev.meridian.core.rules.IdRule;
import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.model.Website;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.Websites;
import java.util.Optional;

/**
 * Establishes callers from bearer credentials and checks what they may do (API.md §1). A credential is
 * looked up by its SHA-256 hash and the hash compared again in constant time; unknown and wrong
 * credentials give the same answer after the same work. Nothing is cached: a revoked key fails the next request.
 */
public final class CredentialCheck implements Authenticate {

    private static final String BEARER = "Bearer ";
    private static final int MAX_CREDENTIAL_LENGTH = 512;

    /** What a presented hash is compared with when no stored credential has it: the hash of no possible key. */
    private static final String ABSENT_HASH = "0".repeat(64);

    private final Credentials credentials;
    private final CredentialDigest digest;
    private final Websites websites;

    public CredentialCheck(Credentials credentials, Websites websites) {
        this(credentials, websites, CredentialDigest.SHA_256);
    }

    CredentialCheck(Credentials credentials, Websites websites, CredentialDigest digest) {
        this.credentials = credentials;
        this.websites = websites;
        this.digest = digest;
    }

    @Override
    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new UnauthorizedException("missing credentials: send Authorization: Bearer <API key>");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("invalid credentials: the Authorization header must be 'Bearer <API key>'");
        }
        // From here on every credential costs the same, whatever is wrong with it (unknown prefix, too long,
        // unknown, wrong): one hash, one look-up, one constant-time comparison (with a stand-in hash when nothing
        // was found), so the time of a refusal says nothing about which keys exist.
        String secret = authorization.substring(BEARER.length()).strip();
        String hash = digest.hash(secret);
        boolean accountToken = secret.startsWith(Secrets.ACCOUNT_TOKEN_PREFIX);
        if (accountToken) {
            Optional<AccountToken> token = credentials.accountTokenByHash(hash);
            boolean matches = digest.matches(hash, token.map(AccountToken::hash).orElse(ABSENT_HASH));
            if (matches && token.isPresent() && secret.length() <= MAX_CREDENTIAL_LENGTH) {
                return new Caller.Account(token.get());
            }
            throw invalid();
        }
        Optional<ApiKey> key = credentials.apiKeyByHash(hash);
        boolean matches = digest.matches(hash, key.map(ApiKey::hash).orElse(ABSENT_HASH));
        if (matches && key.isPresent() && secret.startsWith(Secrets.API_KEY_PREFIX)
                && secret.length() <= MAX_CREDENTIAL_LENGTH) {
            return new Caller.WebsiteKey(key.get().websiteId());
        }
        throw invalid();
    }

    private static UnauthorizedException invalid() {
        return new UnauthorizedException("invalid API key");
    }

    @Override
    public String websiteFor(Caller caller, Permission permission, String requestedWebsiteId) {
        String requested = requestedWebsiteId == null || requestedWebsiteId.isBlank() ? null : requestedWebsiteId;
        if (caller instanceof Caller.WebsiteKey key) {
            if (requested != null && !requested.equals(key.websiteId())) {
                throw new ForbiddenException("this API key belongs to another website");
            }
            return existing(key.websiteId());
        }
        AccountToken token = ((Caller.Account) caller).token();
        if (!token.allows(permission)) {
            throw new ForbiddenException("this token lacks the permission " + permission.wireName());
        }
        if (requested == null) {
            throw new InvalidInputException("websiteId",
                    "websiteId is required with an account token (query parameter websiteId)");
        }
        existing(requested);
        if (!token.reaches(requested)) {
            throw new ForbiddenException("this token has no access to website " + requested);
        }
        return requested;
    }

    private String existing(String websiteId) {
        // an id no website can have (a control character, too long) is not looked up: PostgreSQL refuses U+0000
        return (IdRule.canName(websiteId) ? websites.byId(websiteId) : Optional.<Website>empty())
                .orElseThrow(() -> new NotFoundException("website not found: " + websiteId)).id();
    }

    @Override
    public void require(Caller caller, Permission permission) {
        if (!(caller instanceof Caller.Account account)) {
            throw new ForbiddenException("this route needs an account token (dft_), not a website API key");
        }
        if (!account.token().allows(permission)) {
            throw new ForbiddenException("this token lacks the permission " + permission.wireName());
        }
    }
}
