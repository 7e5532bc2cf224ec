package dev.meridian.app;

import dev.meridian.ports.in.ProvisionAdminToken;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's admin token (API.md §6): {@code MERIDIAN_ADMIN_TOKEN} when set, which revokes the admin token it
 * replaces (an earlier value, or a generated one, whose {@code admin-token} file is then deleted); otherwise, when the
 * store has no account token yet, a new one written to {@code $MERIDIAN_DATA_DIR/admin-token}, readable by its owner
 * only. Both are safe when several servers start together on one database (the storage makes them atomic). The token
 * itself is never logged.
 */
@Singleton
@Requires(notEnv = Application.CLI_ENVIRONMENT) // the import command provisions nothing
public class AdminTokenBootstrap implements BeanCreatedEventListener<EmbeddedServer> {

    private static final Logger LOG = LoggerFactory.getLogger(AdminTokenBootstrap.class);

    private final ProvisionAdminToken provision;
    private final Optional<String> configuredToken;
    private final Path tokenFile;

    public AdminTokenBootstrap(ProvisionAdminToken provision,
            @Value("${meridian.admin-token:}") String configuredToken,
            @Value("${meridian.data-dir}") String dataDir) {
        this.provision = provision;
        this.configuredToken = Optional.of(configuredToken).filter(t -> !t.isBlank());
        this.tokenFile = Path.of(dataDir).resolve("admin-token");
    }

    /** Where a generated admin token is written. */
    public Path tokenFile() {
        return tokenFile;
    }

    /**
     * Provisions when the HTTP server has been built and before it listens: late enough for the storage, opened
     * alongside the rest of the context, to be needed only now; early enough for no request to come first.
     */
    @Override
    public EmbeddedServer onCreated(BeanCreatedEvent<EmbeddedServer> event) {
        provision();
        return event.getBean();
    }

    /** Uses the configured admin token, or creates one when the store has none yet. */
    public void provision() {
        if (configuredToken.isPresent()) {
            int revoked = provision.useConfigured(configuredToken.get());
            if (revoked > 0) {
                LOG.info("Admin token: the one set in MERIDIAN_ADMIN_TOKEN, which replaced and revoked {} earlier admin "
                        + "token(s)", revoked);
            } else {
                LOG.info("Admin token: the one set in MERIDIAN_ADMIN_TOKEN");
            }
            deleteStaleTokenFile(configuredToken.get());
            return;
        }
        provision.createIfNoneExists().ifPresentOrElse(token -> {
            write(token);
            LOG.info("Admin token created: read it from {} (shown nowhere else)", tokenFile);
        }, () -> LOG.info("Admin token: already provisioned (see {} if this server created it)", tokenFile));
    }

    /** A generated token's file holds a revoked token once MERIDIAN_ADMIN_TOKEN is set to another one. */
    private void deleteStaleTokenFile(String configured) {
        try {
            if (Files.isRegularFile(tokenFile) && !Files.readString(tokenFile, StandardCharsets.UTF_8).strip()
                    .equals(configured)) {
                Files.delete(tokenFile);
                LOG.info("Deleted {}: MERIDIAN_ADMIN_TOKEN replaced the token it held, which no longer works", tokenFile);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {} (its token no longer works): {}", tokenFile, e.getMessage());
        }
    }

    private void write(String token) {
        try {
            Files.createDirectories(tokenFile.getParent());
            Path temp = Files.createTempFile(tokenFile.getParent(), "admin-token", ".tmp");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
            Files.move(temp, tokenFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + tokenFile
                    + ": set MERIDIAN_DATA_DIR to a writable directory or MERIDIAN_ADMIN_TOKEN", e);
        }
    }
}
