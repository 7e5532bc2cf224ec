package dev.meridian.ports.out;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import java.util.List;
import java.util.Optional;

/**
 * Hashed website API keys and account tokens. Plain keys are never stored. The operations on account tokens that
 * read and then write ({@link #saveFirstAccountToken}, {@link #replaceAdminToken}, {@link #deleteAccountToken}) are
 * atomic for every caller of the same store, other processes on the same database included: several nodes starting
 * together, or two revocations at once, cannot both act on what they read.
 */
public interface Credentials {

    void saveApiKey(ApiKey key);

    Optional<ApiKey> apiKeyByHash(String hash);

    /** The website's API keys, oldest first. */
    List<ApiKey> apiKeysOf(String websiteId);

    /**
     * Deletes the website's key with that id; from the moment this returns, {@link #apiKeyByHash} no longer finds
     * it (no store may keep answering with it).
     *
     * @return whether there was such a key
     */
    boolean deleteApiKey(String websiteId, String keyId);

    /** Saves the token, replacing a stored one with the same hash; one saved without an id gets one. */
    void saveAccountToken(AccountToken token);

    Optional<AccountToken> accountTokenByHash(String hash);

    boolean hasAccountTokens();

    /** Every account token, oldest first (then by id). */
    List<AccountToken> accountTokens();

    Optional<AccountToken> accountTokenById(String tokenId);

    /**
     * Saves {@code token} if no account token is stored yet: of several callers at once on an empty store, exactly
     * one saves.
     *
     * @return whether it was saved
     */
    boolean saveFirstAccountToken(AccountToken token);

    /**
     * Makes {@code token} (marked {@link AccountToken#adminToken()}) the admin token: deletes every other token
     * marked so and saves it, unless it is stored already (same hash), in which case it is marked and given its
     * permissions and websites, and keeps its id and creation time.
     *
     * @return the tokens it deleted (revoked), none when {@code token} already was the admin token
     */
    List<AccountToken> replaceAdminToken(AccountToken token);

    /**
     * Deletes the token with that id unless it is the last one {@linkplain AccountToken#hasFullAccess() with full
     * access}; from the moment this returns {@link TokenDeletion#DELETED}, {@link #accountTokenByHash} no longer finds
     * it.
     */
    TokenDeletion deleteAccountToken(String tokenId);

    /** What {@link #deleteAccountToken} did. */
    enum TokenDeletion {
        DELETED,
        NOT_FOUND,
        /** Not deleted: no other token would have permission {@code *} on every website. */
        LAST_FULL_ACCESS
    }
}
