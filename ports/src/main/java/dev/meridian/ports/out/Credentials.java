package dev.meridian.ports.out;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import java.util.Optional;

/** Hashed website API keys and account tokens. Plain keys are never stored. */
public interface Credentials {

    void saveApiKey(ApiKey key);

    Optional<ApiKey> apiKeyByHash(String hash);

    void saveAccountToken(AccountToken token);

    Optional<AccountToken> accountTokenByHash(String hash);

    boolean hasAccountTokens();
}
