package dev.meridian.core.access;

import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.Websites;
import java.util.Optional;

/**
 * Establishes callers from bearer credentials and checks what they may do (API.md §1). A credential is
 * looked up by its SHA-256 hash and the hash compared again in constant time; unknown and wrong
 * credentials give the same answer.
 */
public final class CredentialCheck implements Authenticate {

    private static final String BEARER = "Bearer ";
    private static final int MAX_CREDENTIAL_LENGTH = 512;

    private final Credentials credentials;
    private final Websites websites;

    public CredentialCheck(Credentials credentials, Websites websites) {
        this.credentials = credentials;
        this.websites = websites;
    }

    @Override
    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new UnauthorizedException("missing credentials: send Authorization: Bearer <API key>");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("invalid credentials: the Authorization header must be 'Bearer <API key>'");
        }
        String secret = authorization.substring(BEARER.length()).strip();
        if (secret.length() > MAX_CREDENTIAL_LENGTH) {
            throw invalid();
        }
        String hash = Secrets.hash(secret);
        if (secret.startsWith(Secrets.ACCOUNT_TOKEN_PREFIX)) {
            Optional<AccountToken> token = credentials.accountTokenByHash(hash)
                    .filter(found -> Secrets.matches(secret, found.hash()));
            return new Caller.Account(token.orElseThrow(CredentialCheck::invalid));
        }
        if (secret.startsWith(Secrets.API_KEY_PREFIX)) {
            Optional<ApiKey> key = credentials.apiKeyByHash(hash)
                    .filter(found -> Secrets.matches(secret, found.hash()));
            return new Caller.WebsiteKey(key.orElseThrow(CredentialCheck::invalid).websiteId());
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
        return websites.byId(websiteId).orElseThrow(() -> new NotFoundException("website not found: " + websiteId))
                .id();
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
