package dev.meridian.postgres.data;

import dev.meridian.ports.model.AccountToken;
import dev.meridian.ports.model.Permission;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A row of the {@code account_tokens} table, mapped by Micronaut Data; permissions by their wire names, both arrays
 * sorted so that equal tokens are equal rows.
 */
@MappedEntity("account_tokens")
public record AccountTokenRow(
        @Id String hash,
        @TypeDef(type = DataType.STRING_ARRAY) String[] permissions,
        @TypeDef(type = DataType.STRING_ARRAY) String[] websiteIds,
        Instant createdAt,
        String tokenId,
        @Nullable String prefix,
        boolean adminToken) {

    /** The row of {@code token}, with {@code tokenId} as its id (the token's own, or a new one if it has none). */
    public static AccountTokenRow of(AccountToken token, String tokenId) {
        return new AccountTokenRow(token.hash(),
                token.permissions().stream().map(Permission::wireName).sorted().toArray(String[]::new),
                token.websiteIds().stream().sorted().toArray(String[]::new), token.createdAt(), tokenId,
                token.prefix(), token.adminToken());
    }

    public AccountToken toAccountToken() {
        Set<Permission> granted = Arrays.stream(permissions)
                .map(name -> Permission.fromWireName(name).orElseThrow(
                        () -> new IllegalStateException("unknown stored permission " + name)))
                .collect(Collectors.toSet());
        return new AccountToken(hash, granted, Set.of(websiteIds), createdAt, tokenId, prefix, adminToken);
    }
}
