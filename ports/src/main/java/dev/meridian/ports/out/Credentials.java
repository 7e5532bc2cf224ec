package dev.meridian.ports.out;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import java.util.List;
import java.util.Optional;

/** Hashed website API keys and account tokens. Plain keys are never stored. */
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

    void saveAccountToken(AccountToken token);

    Optional<AccountToken> accountTokenByHash(String hash);

    boolean hasAccountTokens();
}
