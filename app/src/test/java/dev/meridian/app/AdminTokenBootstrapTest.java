package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.core.Meridian;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenBootstrapTest {

    @TempDir
    Path dataDir;

    private final Meridian meridian = Meridian.builder().storage(new InMemoryStore()).build();

    @Test
    void aGeneratedTokenIsWrittenForTheOwnerOnlyAndWorks() throws Exception {
        new AdminTokenBootstrap(meridian.adminToken(), "", dataDir.toString()).provision();

        Path file = dataDir.resolve("admin-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String token = Files.readString(file).strip();
        assertThat(token).startsWith("dft_");
        assertThat(meridian.authenticate().authenticate("Bearer " + token)).isInstanceOf(Caller.Account.class);
    }

    @Test
    void aSecondStartWithTokensStoredWritesNothingNew() throws Exception {
        AdminTokenBootstrap bootstrap = new AdminTokenBootstrap(meridian.adminToken(), "", dataDir.toString());
        bootstrap.provision();
        String first = Files.readString(dataDir.resolve("admin-token"));
        bootstrap.provision();

        assertThat(Files.readString(dataDir.resolve("admin-token"))).isEqualTo(first);
    }

    @Test
    void aChangedConfiguredTokenRevokesTheOneItReplaced() {
        String first = "dft_" + "ab".repeat(20);
        String second = "dft_" + "cd".repeat(20);
        new AdminTokenBootstrap(meridian.adminToken(), first, dataDir.toString()).provision();

        new AdminTokenBootstrap(meridian.adminToken(), second, dataDir.toString()).provision();

        assertThatThrownBy(() -> meridian.authenticate().authenticate("Bearer " + first))
                .isInstanceOf(UnauthorizedException.class);
        assertThat(meridian.authenticate().authenticate("Bearer " + second)).isInstanceOf(Caller.Account.class);
    }

    @Test
    void aConfiguredTokenRevokesTheGeneratedOneAndDeletesItsFile() throws Exception {
        new AdminTokenBootstrap(meridian.adminToken(), "", dataDir.toString()).provision();
        String generated = Files.readString(dataDir.resolve("admin-token")).strip();
        String configured = "dft_" + "ab".repeat(20);

        new AdminTokenBootstrap(meridian.adminToken(), configured, dataDir.toString()).provision();

        assertThatThrownBy(() -> meridian.authenticate().authenticate("Bearer " + generated))
                .isInstanceOf(UnauthorizedException.class);
        assertThat(dataDir.resolve("admin-token")).doesNotExist();
        assertThat(meridian.authenticate().authenticate("Bearer " + configured)).isInstanceOf(Caller.Account.class);
    }

    @Test
    void aConfiguredTokenIsUsedAndNoFileIsWritten() {
        String configured = "dft_" + "ab".repeat(20);
        new AdminTokenBootstrap(meridian.adminToken(), configured, dataDir.toString()).provision();

        assertThat(dataDir.resolve("admin-token")).doesNotExist();
        assertThat(meridian.authenticate().authenticate("Bearer " + configured)).isInstanceOf(Caller.Account.class);
    }
}
