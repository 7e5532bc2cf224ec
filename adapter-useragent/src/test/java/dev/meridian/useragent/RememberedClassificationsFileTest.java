package dev.meridian.useragent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.DeviceDetails;
import dev.meridian.ports.model.SystemInfo;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RememberedClassificationsFileTest {

    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36";
    private static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1 Ünïcode ✓";

    @TempDir
    Path dir;

    private static RememberedClassifications sample() {
        Map<String, ClientDevice> entries = new LinkedHashMap<>();
        entries.put(CHROME, new ClientDevice(new SystemInfo("Chrome", "Windows", "desktop"), false,
                new DeviceDetails("131", "10", null, null)));
        entries.put(GOOGLEBOT, new ClientDevice(SystemInfo.UNKNOWN, true));
        entries.put(IPHONE, new ClientDevice(new SystemInfo("Mobile Safari", "iOS", "mobile"), false,
                new DeviceDetails("18.1", "18.1", "Apple", "iPhone")));
        return new RememberedClassifications(entries);
    }

    private RememberedClassificationsFile file(String fingerprint) {
        return new RememberedClassificationsFile(dir.resolve("remembered-user-agents"), fingerprint);
    }

    @Test
    void whatIsWrittenIsReadBackEntryForEntryInTheSameOrder() {
        RememberedClassificationsFile file = file("build 1");
        assertThat(file.write(sample())).isEqualTo(3);

        RememberedClassifications read = file.read().orElseThrow();
        assertThat(read.entries()).containsExactlyEntriesOf(sample().entries());
        assertThat(read.lookUp(CHROME)).isEqualTo(sample().lookUp(CHROME));
        assertThat(file.looksUsable()).isTrue();
    }

    @Test
    void theFileIsReadableByItsOwnerOnlyAndNoTemporaryFileIsLeft() throws IOException {
        RememberedClassificationsFile file = file("build 1");
        file.write(sample());
        file.write(sample()); // replaces the first

        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(file.path());
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        }
    }

    @Test
    void aFileFromAnotherBuildIsIgnored() {
        file("build 1").write(sample());

        RememberedClassificationsFile otherBuild = file("build 2");
        assertThat(otherBuild.looksUsable()).isFalse();
        assertThat(otherBuild.read()).isEmpty();
    }

    @Test
    void noFileIsNothingRemembered() {
        assertThat(file("build 1").read()).isEmpty();
        assertThat(file("build 1").looksUsable()).isFalse();
    }

    @Test
    void aDamagedFileIsIgnored() throws IOException {
        RememberedClassificationsFile file = file("build 1");
        file.write(sample());
        byte[] bytes = Files.readAllBytes(file.path());
        bytes[bytes.length / 2] ^= 0x20; // one letter of an entry changes case

        Files.write(file.path(), bytes);

        assertThat(file.looksUsable()).as("the header is intact").isTrue();
        assertThat(file.read()).isEmpty();
    }

    @Test
    void aTruncatedFileIsIgnoredWhereverItWasCut() throws IOException {
        RememberedClassificationsFile file = file("build 1");
        file.write(sample());
        byte[] bytes = Files.readAllBytes(file.path());

        for (int length = 0; length < bytes.length; length++) {
            Files.write(file.path(), Arrays.copyOf(bytes, length));
            assertThat(file.read()).as("cut to %d of %d bytes", length, bytes.length).isEmpty();
        }
    }

    @Test
    void somethingElseEntirelyIsIgnored() throws IOException {
        RememberedClassificationsFile file = file("build 1");
        Files.writeString(file.path(), "PGDMP\u0000 not ours at all");

        assertThat(file.looksUsable()).isFalse();
        assertThat(file.read()).isEmpty();
    }

    @Test
    void aFileLargerThanAnyThisBuildWritesIsIgnoredUnread() throws IOException {
        RememberedClassificationsFile file = file("build 1");
        file.write(sample());
        try (RandomAccessFile grown = new RandomAccessFile(file.path().toFile(), "rw")) {
            grown.setLength(RememberedClassificationsFile.MAX_FILE_BYTES + 1); // sparse: costs no disk
        }

        assertThat(file.read()).isEmpty();
    }

    @Test
    void aFileClaimingMoreEntriesThanAllowedIsIgnoredEvenWithAGoodChecksum() throws IOException {
        RememberedClassificationsFile file = file("build 1");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(RememberedClassificationsFile.FORMAT);
        out.writeUTF("build 1");
        out.writeInt(RememberedClassificationsFile.MAX_ENTRIES + 1);
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        Files.write(file.path(), bytes.toByteArray());

        assertThat(file.read()).isEmpty();
    }

    @Test
    void entriesNoDetectorCachesAreNeitherWrittenNorAccepted() {
        Map<String, ClientDevice> entries = new LinkedHashMap<>(sample().entries());
        entries.put("x".repeat(UserAgentDeviceDetector.MAX_USER_AGENT_LENGTH + 1), ClientDevice.UNKNOWN);
        entries.put("  padded Mozilla/5.0 header  ", ClientDevice.UNKNOWN);
        entries.put(CHROME + " long field", new ClientDevice(
                new SystemInfo("b".repeat(RememberedClassificationsFile.MAX_FIELD_LENGTH + 1), null, null), false));
        RememberedClassificationsFile file = file("build 1");

        assertThat(file.write(new RememberedClassifications(entries))).isEqualTo(3);
        assertThat(file.read().orElseThrow().entries()).containsOnlyKeys(CHROME, GOOGLEBOT, IPHONE);
    }

    @Test
    void atMostMaxEntriesAreWrittenTheHottestFirst() {
        Map<String, ClientDevice> entries = new LinkedHashMap<>();
        for (int i = 0; i < RememberedClassificationsFile.MAX_ENTRIES + 5; i++) {
            entries.put("Mozilla/5.0 agent number " + i, ClientDevice.UNKNOWN);
        }
        RememberedClassificationsFile file = file("build 1");

        assertThat(file.write(new RememberedClassifications(entries))).isEqualTo(RememberedClassificationsFile.MAX_ENTRIES);
        RememberedClassifications read = file.read().orElseThrow();
        assertThat(read.size()).isEqualTo(RememberedClassificationsFile.MAX_ENTRIES);
        assertThat(read.lookUp("Mozilla/5.0 agent number 0")).isNotNull();
        assertThat(read.lookUp("Mozilla/5.0 agent number " + RememberedClassificationsFile.MAX_ENTRIES)).isNull();
    }

    @Test
    void thisBuildsFingerprintNamesTheAnalyzerSnapshotsAndIsStable() {
        String fingerprint = RememberedClassificationsFile.buildFingerprint();

        assertThat(fingerprint).startsWith(AnalyzerSnapshot.fingerprint()).contains("mapping crc32");
        assertThat(RememberedClassificationsFile.buildFingerprint()).isEqualTo(fingerprint);
    }
}
