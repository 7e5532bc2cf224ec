package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.ports.error.StorageUnavailableException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StorageFailuresTest {

    @Test
    void aConnectionThePoolClosedDuringAnOutageIsUnavailableThroughARepositoryToo() {
        SQLException closedByHikari = new SQLException("Connection is closed"); // HikariCP gives no SQL state
        assertThat(StorageFailures.isUnavailable(closedByHikari)).isTrue();
        assertThatThrownBy(() -> StorageFailures.translating("reading a website", () -> {
            throw new RuntimeException("wrapped by the data layer", closedByHikari);
        })).isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void connectionStatesAreUnavailableAndOtherFailuresAreNot() {
        assertThat(StorageFailures.isUnavailable(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(StorageFailures.isUnavailable(new SQLException("read-only", "25006"))).isTrue();
        assertThat(StorageFailures.isUnavailable(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(StorageFailures.isUnavailable(new SQLException("something else"))).isFalse();
        assertThatThrownBy(() -> StorageFailures.translating("reading a website", () -> {
            throw new RuntimeException(new SQLException("duplicate key", "23505"));
        })).isInstanceOf(IllegalStateException.class);
    }
}
