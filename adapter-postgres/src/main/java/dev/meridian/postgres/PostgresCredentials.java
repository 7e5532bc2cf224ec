package dev.meridian.postgres;

import static dev.meridian.postgres.Columns.instant;
import static dev.meridian.postgres.Columns.setInstant;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.ApiKey;
import dev.meridian.ports.model.Permission;
import dev.meridian.ports.out.Credentials;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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

    private static ApiKey apiKey(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString("hash"), rs.getString("website_id"), instant(rs, "created_at"),
                rs.getString("key_id"), rs.getString("prefix"));
    }

    /** The id of a key saved without one: 12 random bytes in hex, as the other ids look. */
    static String randomKeyId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Serialises the account-token operations that read and then write, across every node on the database. */
    private static final long ACCOUNT_TOKENS_LOCK = 0x4d65726964_02L;
    private static final String TOKEN_COLUMNS = "hash, permissions, website_ids, created_at, token_id, prefix, admin_token";
    private static final String UPSERT_TOKEN = "insert into account_tokens (" + TOKEN_COLUMNS + ") "
            + "values (?, ?, ?, ?, ?, ?, ?) on conflict (hash) do update set permissions = excluded.permissions, "
            + "website_ids = excluded.website_ids, created_at = excluded.created_at, token_id = excluded.token_id, "
            + "prefix = excluded.prefix, admin_token = excluded.admin_token";
    private static final String FULL_ACCESS = "'*' = any (permissions) and cardinality(website_ids) = 0";

    @Override
    public void saveAccountToken(AccountToken token) {
        database.read("saving an account token", c -> insert(c, UPSERT_TOKEN, token));
    }

    @Override
    public Optional<AccountToken> accountTokenByHash(String hash) {
        return database.read("reading an account token", c -> oneToken(c, "hash", hash));
    }

    @Override
    public Optional<AccountToken> accountTokenById(String tokenId) {
        return database.read("reading an account token", c -> oneToken(c, "token_id", tokenId));
    }

    @Override
    public List<AccountToken> accountTokens() {
        return database.read("listing account tokens", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select " + TOKEN_COLUMNS + " from account_tokens order by created_at, token_id");
                    ResultSet rs = ps.executeQuery()) {
                List<AccountToken> tokens = new ArrayList<>();
                while (rs.next()) {
                    tokens.add(accountToken(rs));
                }
                return tokens;
            }
        });
    }

    @Override
    public boolean hasAccountTokens() {
        return database.read("checking for account tokens", anyAccountToken());
    }

    @Override
    public boolean saveFirstAccountToken(AccountToken token) {
        return database.inTransaction("saving the first account token", c -> {
            lockAccountTokens(c);
            if (anyAccountToken().on(c)) {
                return false;
            }
            insert(c, UPSERT_TOKEN, token);
            return true;
        });
    }

    @Override
    public List<AccountToken> replaceAdminToken(AccountToken token) {
        return database.inTransaction("replacing the admin token", c -> {
            lockAccountTokens(c);
            List<AccountToken> replaced = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("delete from account_tokens where admin_token and hash <> ? "
                    + "returning " + TOKEN_COLUMNS)) {
                ps.setString(1, token.hash());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        replaced.add(accountToken(rs));
                    }
                }
            }
            // stored already (the same setting at the next start, or an issued token now configured): marked, given
            // the admin token's permissions and websites, its id and creation time kept
            insert(c, "insert into account_tokens (" + TOKEN_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?) "
                    + "on conflict (hash) do update set permissions = excluded.permissions, "
                    + "website_ids = excluded.website_ids, admin_token = true, "
                    + "prefix = coalesce(account_tokens.prefix, excluded.prefix)", token);
            replaced.sort(Comparator.comparing(AccountToken::createdAt).thenComparing(AccountToken::id));
            return replaced;
        });
    }

    @Override
    public TokenDeletion deleteAccountToken(String tokenId) {
        return database.inTransaction("revoking an account token", c -> {
            lockAccountTokens(c);
            Optional<AccountToken> token = oneToken(c, "token_id", tokenId);
            if (token.isEmpty()) {
                return TokenDeletion.NOT_FOUND;
            }
            if (token.get().hasFullAccess()) {
                try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from account_tokens where "
                        + FULL_ACCESS + " and token_id <> ?)")) {
                    ps.setString(1, tokenId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            return TokenDeletion.LAST_FULL_ACCESS;
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("delete from account_tokens where token_id = ?")) {
                ps.setString(1, tokenId);
                ps.executeUpdate();
            }
            return TokenDeletion.DELETED;
        });
    }

    private static Database.Work<Boolean> anyAccountToken() {
        return c -> {
            try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from account_tokens)");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        };
    }

    /** A transaction-scoped advisory lock: held until the transaction ends, on whichever node holds it. */
    private static void lockAccountTokens(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            ps.setLong(1, ACCOUNT_TOKENS_LOCK);
            ps.execute();
        }
    }

    private static int insert(Connection c, String sql, AccountToken token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, token.hash());
            ps.setArray(2, c.createArrayOf("text",
                    token.permissions().stream().map(Permission::wireName).sorted().toArray()));
            ps.setArray(3, c.createArrayOf("text", token.websiteIds().stream().sorted().toArray()));
            setInstant(ps, 4, token.createdAt());
            ps.setString(5, token.id() != null ? token.id() : randomKeyId());
            ps.setString(6, token.prefix());
            ps.setBoolean(7, token.adminToken());
            return ps.executeUpdate();
        }
    }

    private static Optional<AccountToken> oneToken(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select " + TOKEN_COLUMNS + " from account_tokens where " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(accountToken(rs)) : Optional.empty();
            }
        }
    }

    private static AccountToken accountToken(ResultSet rs) throws SQLException {
        Set<Permission> permissions = Arrays.stream((String[]) rs.getArray("permissions").getArray())
                .map(name -> Permission.fromWireName(name).orElseThrow(
                        () -> new IllegalStateException("unknown stored permission " + name)))
                .collect(Collectors.toSet());
        Set<String> websites = Set.of((String[]) rs.getArray("website_ids").getArray());
        return new AccountToken(rs.getString("hash"), permissions, websites, instant(rs, "created_at"),
                rs.getString("token_id"), rs.getString("prefix"), rs.getBoolean("admin_token"));
    }
}
