package dev.meridian.postgres;

import static dev.meridian.postgres.Columns.instant;
import static dev.meridian.postgres.Columns.setInstant;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.out.Credentials;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Hashed API keys and account tokens; permissions are stored by their wire names. */
public final class PostgresCredentials implements Credentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;

    PostgresCredentials(Database database) {
        this.database = database;
    }

    @Override
    public void saveApiKey(ApiKey key) {
        database.read("saving an API key", c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into api_keys (hash, website_id, created_at, key_id, "
                    + "prefix) values (?, ?, ?, ?, ?) on conflict (hash) do update set website_id = excluded.website_id, "
                    + "created_at = excluded.created_at, key_id = excluded.key_id, prefix = excluded.prefix")) {
                ps.setString(1, key.hash());
                ps.setString(2, key.websiteId());
                setInstant(ps, 3, key.createdAt());
                ps.setString(4, key.id() != null ? key.id() : randomKeyId());
                ps.setString(5, key.prefix());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ApiKey> apiKeyByHash(String hash) {
        return database.read("reading an API key", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select " + API_KEY_COLUMNS + " from api_keys where hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(apiKey(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ApiKey> apiKeysOf(String websiteId) {
        return database.read("listing API keys", c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + API_KEY_COLUMNS
                    + " from api_keys where website_id = ? order by created_at, key_id")) {
                ps.setString(1, websiteId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<ApiKey> keys = new ArrayList<>();
                    while (rs.next()) {
                        keys.add(apiKey(rs));
                    }
                    return keys;
                }
            }
        });
    }

    @Override
    public boolean deleteApiKey(String websiteId, String keyId) {
        return database.read("deleting an API key", c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from api_keys where website_id = ? and key_id = ?")) {
                ps.setString(1, websiteId);
                ps.setString(2, keyId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static final String API_KEY_COLUMNS = "hash, website_id, created_at, key_id, prefix";

    private static ApiKey apiKey(ResultSet rs) throws java.sql.SQLException {
        return new ApiKey(rs.getString("hash"), rs.getString("website_id"), instant(rs, "created_at"),
                rs.getString("key_id"), rs.getString("prefix"));
    }

    /** The id of a key saved without one: 12 random bytes in hex, as the other ids look. */
    static String randomKeyId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void saveAccountToken(AccountToken token) {
        database.read("saving an account token", c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into account_tokens (hash, permissions, website_ids, "
                    + "created_at) values (?, ?, ?, ?) on conflict (hash) do update set permissions = excluded.permissions, "
                    + "website_ids = excluded.website_ids, created_at = excluded.created_at")) {
                ps.setString(1, token.hash());
                ps.setArray(2, c.createArrayOf("text",
                        token.permissions().stream().map(Permission::wireName).sorted().toArray()));
                ps.setArray(3, c.createArrayOf("text", token.websiteIds().stream().sorted().toArray()));
                setInstant(ps, 4, token.createdAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<AccountToken> accountTokenByHash(String hash) {
        return database.read("reading an account token", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select hash, permissions, website_ids, created_at from account_tokens where hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Set<Permission> permissions = Arrays.stream((String[]) rs.getArray("permissions").getArray())
                            .map(name -> Permission.fromWireName(name).orElseThrow(
                                    () -> new IllegalStateException("unknown stored permission " + name)))
                            .collect(Collectors.toSet());
                    Set<String> websites = Set.of((String[]) rs.getArray("website_ids").getArray());
                    return Optional.of(new AccountToken(rs.getString("hash"), permissions, websites,
                            instant(rs, "created_at")));
                }
            }
        });
    }

    @Override
    public boolean hasAccountTokens() {
        return database.read("checking for account tokens", c -> {
            try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from account_tokens)");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }
}
