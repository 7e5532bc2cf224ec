package dev.meridian.core.admin;

import dev.meridian.core.access.Secrets;
import dev.meridian.core.ids.ObjectIds;
import dev.meridian.core.rules.IdRule;
import dev.meridian.ports.error.ConflictException;
import dev.meridian.ports.error.ForbiddenException;
import dev.meridian.ports.error.InvalidInputException;
import dev.meridian.ports.error.NotFoundException;
import dev.meridian.ports.in.AccountTokenSummary;
import dev.meridian.ports.in.Caller;
import dev.meridian.ports.in.IssuedAccountToken;
import dev.meridian.ports.in.ManageAccountTokens;
import dev.meridian.ports.in.NewAccountToken;
import dev.meridian.ports.in.ProvisionAdminToken;
import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.out.Clock;
import dev.meridian.ports.out.Credentials;
import dev.meridian.ports.out.Websites;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Account tokens: the server's admin token (API.md §6) and the tokens issued, listed and revoked over the API. The
 * one rule of the API routes: a caller grants, sees and revokes only what it has itself (each permission, and each
 * website unless it reaches every website), so a token never makes or removes a more powerful one; and the last
 * token with permission {@code *} on every website is not revoked (409), so the server never locks its admins out.
 */
public final class AccountTokenAdministration implements ManageAccountTokens, ProvisionAdminToken {

    /** What a listing shows of a token: {@code dft_} and 5 more characters (20 of a generated token's 256 bits). */
    static final int PREFIX_LENGTH = 9;
    private static final int MIN_CONFIGURED_SECRET = 32;
    private static final int MAX_WEBSITES = 1000;
    private static final Pattern WEBSITE_ID = Pattern.compile("[0-9a-f]{24}");
    private static final String PERMISSION_NAMES = Arrays.stream(Permission.values()).map(Permission::wireName)
            .collect(Collectors.joining(", "));

    private final Credentials credentials;
    private final Websites websites;
    private final Clock clock;
    private final ObjectIds ids;

    public AccountTokenAdministration(Credentials credentials, Websites websites, Clock clock, ObjectIds ids) {
        this.credentials = credentials;
        this.websites = websites;
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public List<AccountTokenSummary> accountTokens(Caller caller) {
        AccountToken self = account(caller, Permission.WEBSITES_READ);
        return credentials.accountTokens().stream()
                .filter(token -> grants(self, token.permissions(), token.websiteIds()))
                .map(token -> new AccountTokenSummary(token.id(), token.prefix(), token.permissions(),
                        token.websiteIds(), token.createdAt(), token.adminToken()))
                .toList();
    }

    @Override
    public IssuedAccountToken issueAccountToken(Caller caller, NewAccountToken request) {
        AccountToken self = account(caller, Permission.WEBSITES_WRITE);
        Set<Permission> permissions = permissions(request.permissions());
        Set<String> websiteIds = websiteIds(request.websiteIds());
        for (Permission permission : permissions) {
            if (!self.allows(permission)) {
                throw new ForbiddenException("this token cannot grant the permission " + permission.wireName()
                        + ", which it does not have");
            }
        }
        if (!self.websiteIds().isEmpty()) {
            if (websiteIds.isEmpty()) {
                throw new ForbiddenException("this token cannot grant access to every website: name its websites in "
                        + "websiteIds");
            }
            for (String websiteId : websiteIds) {
                if (!self.reaches(websiteId)) {
                    throw new ForbiddenException("this token has no access to website " + websiteId);
                }
            }
        }
        for (String websiteId : websiteIds) {
            if (websites.byId(websiteId).isEmpty()) {
                throw new InvalidInputException("websiteIds", "websiteIds: unknown website " + websiteId);
            }
        }
        String secret = Secrets.generate(Secrets.ACCOUNT_TOKEN_PREFIX);
        Instant now = clock.now();
        String id = ids.next(now);
        String prefix = secret.substring(0, PREFIX_LENGTH);
        credentials.saveAccountToken(new AccountToken(Secrets.hash(secret), permissions, websiteIds, now, id, prefix,
                false));
        return new IssuedAccountToken(id, secret, prefix, permissions, websiteIds, now);
    }

    @Override
    public void revokeAccountToken(Caller caller, String tokenId) {
        AccountToken self = account(caller, Permission.WEBSITES_WRITE);
        // an id no token can have (IdRule.canName: a control character, over 64 characters) is not looked up
        Optional<AccountToken> target = !IdRule.canName(tokenId) ? Optional.empty() : credentials.accountTokenById(tokenId)
                .filter(token -> grants(self, token.permissions(), token.websiteIds()));
        if (target.isEmpty()) {
            throw new NotFoundException("account token not found: " + tokenId);
        }
        switch (credentials.deleteAccountToken(tokenId)) {
            case DELETED -> { }
            case NOT_FOUND -> throw new NotFoundException("account token not found: " + tokenId);
            case LAST_FULL_ACCESS -> throw new ConflictException("account token " + tokenId + " is the last one with "
                    + "permission * on every website: issue another one first (POST /api/v1/admin/tokens)");
        }
    }

    @Override
    public int useConfigured(String token) {
        if (token == null || !token.startsWith(Secrets.ACCOUNT_TOKEN_PREFIX)
                || token.length() < Secrets.ACCOUNT_TOKEN_PREFIX.length() + MIN_CONFIGURED_SECRET) {
            throw new InvalidInputException("MERIDIAN_ADMIN_TOKEN",
                    "the admin token must start with dft_ and have at least 32 characters after it");
        }
        return credentials.replaceAdminToken(adminToken(token)).size();
    }

    @Override
    public Optional<String> createIfNoneExists() {
        if (credentials.hasAccountTokens()) {
            return Optional.empty(); // the usual case, without the lock the atomic check takes
        }
        String token = Secrets.generate(Secrets.ACCOUNT_TOKEN_PREFIX);
        return credentials.saveFirstAccountToken(adminToken(token)) ? Optional.of(token) : Optional.empty();
    }

    private AccountToken adminToken(String token) {
        Instant now = clock.now();
        return new AccountToken(Secrets.hash(token), Set.of(Permission.ALL), Set.of(), now, ids.next(now),
                token.substring(0, PREFIX_LENGTH), true);
    }

    /** The caller's token, with {@code permission}. */
    private static AccountToken account(Caller caller, Permission permission) {
        if (!(caller instanceof Caller.Account account)) {
            throw new ForbiddenException("this route needs an account token (dft_), not a website API key");
        }
        if (!account.token().allows(permission)) {
            throw new ForbiddenException("this token lacks the permission " + permission.wireName());
        }
        return account.token();
    }

    /** Whether {@code self} has everything a token with these permissions and websites has. */
    private static boolean grants(AccountToken self, Set<Permission> permissions, Set<String> websiteIds) {
        boolean everyPermission = permissions.stream().allMatch(self::allows);
        boolean everyWebsite = self.websiteIds().isEmpty()
                || (!websiteIds.isEmpty() && self.websiteIds().containsAll(websiteIds));
        return everyPermission && everyWebsite;
    }

    private static Set<Permission> permissions(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new InvalidInputException("permissions",
                    "permissions is required: a list of one or more of " + PERMISSION_NAMES);
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String name : names) {
            Optional<Permission> permission = name == null ? Optional.empty() : Permission.fromWireName(name);
            if (permission.isEmpty()) {
                throw new InvalidInputException("permissions", "permissions: unknown permission; use one or more of "
                        + PERMISSION_NAMES);
            }
            permissions.add(permission.get());
        }
        return permissions;
    }

    private static Set<String> websiteIds(List<String> ids) {
        if (ids == null) {
            return Set.of();
        }
        if (ids.size() > MAX_WEBSITES) {
            throw new InvalidInputException("websiteIds", "websiteIds: at most " + MAX_WEBSITES + " websites");
        }
        Set<String> websiteIds = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null || !WEBSITE_ID.matcher(id).matches()) {
                throw new InvalidInputException("websiteIds", "websiteIds: each must be a website id (24 lower-case "
                        + "hex characters)");
            }
            websiteIds.add(id);
        }
        return websiteIds;
    }
}
