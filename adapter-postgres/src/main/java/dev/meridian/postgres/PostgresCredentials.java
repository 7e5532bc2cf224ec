package dev.meridian.postgres;

import static dev.meridian.postgres.Columns.instant;
import static dev.meridian.postgres.Columns.setInstant;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.out.Credentials;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Hashed API keys and account tokens; permissions are stored by their wire names. */
public final class PostgresCredentials implements Credentials {

    private final Database database;

    PostgresCredentials(Database database) {
        this.database = database;
    }

    @Override
    public void saveApiKey(ApiKey key) {
        database.read("saving an API key", c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into api_keys (hash, website_id, created_at) "
                    + "values (?, ?, ?) on conflict (hash) do update set website_id = excluded.website_id, "
                    + "created_at = excluded.created_at")) {
                ps.setString(1, key.hash());
                ps.setString(2, key.websiteId());
                setInstant(ps, 3, key.createdAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ApiKey> apiKeyByHash(String hash) {
        return database.read("reading an API key", c -> {
            try (PreparedStatement ps = c.prepareStatement("select hash, website_id, created_at from api_keys where hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new ApiKey(rs.getString("hash"), rs.getString("website_id"), instant(rs, "created_at")))
                            : Optional.empty();
                }
            }
        });
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
