package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ready-made cluster's fingerprint, packing and unpacking, without a server. */
class ReadyMadeClusterTest {

    private static final Map<String, String> BUILD_LOCALE = ReadyMadeCluster.initdbLocale(Map.of("LANG", "C.UTF-8"));

    @TempDir
    Path dir;

    @Test
    void theFingerprintChangesWhenAMigrationIsAddedOrChanged() {
        List<SchemaMigrations.Applied> released = SchemaMigrations.released();
        String today = ReadyMadeCluster.fingerprint("md5", "2.2.2", BUILD_LOCALE, released);

        List<SchemaMigrations.Applied> added = new ArrayList<>(released);
        added.add(new SchemaMigrations.Applied("12", "V12__next.sql", 42));
        assertThat(ReadyMadeCluster.fingerprint("md5", "2.2.2", BUILD_LOCALE, added)).isNotEqualTo(today);

        List<SchemaMigrations.Applied> changed = new ArrayList<>(released);
        SchemaMigrations.Applied last = changed.remove(changed.size() - 1);
        changed.add(new SchemaMigrations.Applied(last.version(), last.script(), last.checksum() + 1));
        assertThat(ReadyMadeCluster.fingerprint("md5", "2.2.2", BUILD_LOCALE, changed)).isNotEqualTo(today);

        assertThat(ReadyMadeCluster.fingerprint("md5", "2.2.2", BUILD_LOCALE, List.copyOf(released)))
                .isEqualTo(today);
    }

    @Test
    void theFingerprintChangesWithTheBinariesZonkyAndTheLocale() {
        List<SchemaMigrations.Applied> released = SchemaMigrations.released();
        String today = ReadyMadeCluster.fingerprint("md5", "2.2.2", BUILD_LOCALE, released);
        assertThat(ReadyMadeCluster.fingerprint("other", "2.2.2", BUILD_LOCALE, released)).isNotEqualTo(today);
        assertThat(ReadyMadeCluster.fingerprint("md5", "2.2.3", BUILD_LOCALE, released)).isNotEqualTo(today);
        assertThat(ReadyMadeCluster.fingerprint("md5", "2.2.2",
                ReadyMadeCluster.initdbLocale(Map.of("LANG", "en_US.UTF-8")), released)).isNotEqualTo(today);
    }

    @Test
    void initdbTakesEachCategoryFromLcAllThenItsOwnVariableThenLangThenC() {
        assertThat(ReadyMadeCluster.initdbLocale(Map.of())).containsOnlyKeys(ReadyMadeCluster.LOCALE_CATEGORIES)
                .allSatisfy((category, locale) -> assertThat(locale).isEqualTo("C"));
        Map<String, String> mixed = ReadyMadeCluster.initdbLocale(
                Map.of("LANG", "C.UTF-8", "LC_COLLATE", "en_US.UTF-8", "LC_TIME", ""));
        assertThat(mixed).containsEntry("LC_COLLATE", "en_US.UTF-8").containsEntry("LC_CTYPE", "C.UTF-8")
                .as("an empty variable counts as unset").containsEntry("LC_TIME", "C.UTF-8");
        assertThat(ReadyMadeCluster.initdbLocale(Map.of("LC_ALL", "de_DE.UTF-8", "LC_COLLATE", "en_US.UTF-8",
                "LANG", "C.UTF-8"))).allSatisfy((category, locale) -> assertThat(locale).isEqualTo("de_DE.UTF-8"));
    }

    @Test
    void theBuildsClusterFitsAStartInItsLocaleOnly() throws IOException {
        String packed;
        try (InputStream in = ReadyMadeCluster.class.getResourceAsStream(ReadyMadeCluster.FINGERPRINT)) {
            assertThat(in).as("the build's " + ReadyMadeCluster.FINGERPRINT).isNotNull();
            packed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(ReadyMadeCluster.class.getResource(ReadyMadeCluster.ARCHIVE)).isNotNull();
        assertThat(ReadyMadeCluster.firstDifference(packed,
                ReadyMadeCluster.expectedFingerprint(Map.of("LANG", "C.UTF-8")))).isNull();
        assertThat(ReadyMadeCluster.firstDifference(packed,
                ReadyMadeCluster.expectedFingerprint(Map.of("LANG", "C.UTF-8", "LC_COLLATE", "en_US.UTF-8"))))
                .isEqualTo("'locale LC_COLLATE=C.UTF-8', this start 'locale LC_COLLATE=en_US.UTF-8'");
        assertThat(packed).as("no password of the build").doesNotContainIgnoringCase("password");
    }

    @Test
    void packingLeavesOutTheRunningServersFilesAndThePasswordAndUnpackingMakesFilesOwnerOnly() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("PG_VERSION"), "17\n");
        Files.createDirectories(data.resolve("base/5"));
        Files.write(data.resolve("base/5/1259"), new byte[8192]);
        Files.createDirectories(data.resolve("pg_notify"));
        for (String left : List.of("postmaster.pid", "postmaster.opts", "epg-lock", "superuser-password")) {
            Files.writeString(data.resolve(left), "x");
        }
        Files.createDirectories(data.resolve("log"));
        Files.writeString(data.resolve("log/postgresql.log"), "x");
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        ReadyMadeCluster.pack(data, archive);

        Path copy = Files.createDirectories(dir.resolve("copy"));
        ReadyMadeCluster.unpack(new ByteArrayInputStream(archive.toByteArray()), copy);
        try (var files = Files.walk(copy)) {
            assertThat(files.map(p -> copy.relativize(p).toString()).filter(p -> !p.isEmpty()).sorted())
                    .containsExactly("PG_VERSION", "base", "base/5", "base/5/1259", "pg_notify");
        }
        assertThat(Files.readAllBytes(copy.resolve("base/5/1259"))).hasSize(8192);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("base/5"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("PG_VERSION"))))
                .isEqualTo("rw-------");
    }

    @Test
    void anEntryOutsideTheDataDirectoryIsRefused() throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(archive))) {
            TarArchiveEntry entry = new TarArchiveEntry("../escaped");
            entry.setSize(1);
            tar.putArchiveEntry(entry);
            tar.write('x');
            tar.closeArchiveEntry();
        }
        Path target = Files.createDirectories(dir.resolve("target"));
        assertThatThrownBy(() -> ReadyMadeCluster.unpack(new ByteArrayInputStream(archive.toByteArray()), target))
                .isInstanceOf(IOException.class).hasMessageContaining("outside");
        assertThat(dir.resolve("escaped")).doesNotExist();
    }

    @Test
    void theSystemTarUnpacksTheBuildsClusterAsTheJavaUnpackDoes() throws IOException {
        SystemTar tar = SystemTar.find(System.getenv());
        assumeTrue(tar.available(), "no GNU tar or bsdtar on the PATH");
        ReadyMadeCluster withTar = new ReadyMadeCluster(ReadyMadeCluster.class::getResourceAsStream, BUILD_LOCALE, tar);
        ReadyMadeCluster javaOnly = new ReadyMadeCluster(ReadyMadeCluster.class::getResourceAsStream, BUILD_LOCALE,
                SystemTar.NONE);
        Path byTar = ownerOnlyDirectory("tar");
        Path byJava = ownerOnlyDirectory("java");

        assertThat(withTar.unpackInto(byTar)).isEqualTo("tar");
        assertThat(javaOnly.unpackInto(byJava)).isEqualTo("Java");

        Map<String, String> tarFiles = contents(byTar);
        assertThat(tarFiles).hasSizeGreaterThan(1000).isEqualTo(contents(byJava));
        assertThat(byTar.resolve("PG_VERSION")).exists();
    }

    @Test
    void whenTheSystemTarFailsTheJavaUnpackRunsInTheEmptiedDirectory() throws IOException {
        Path failing = dir.resolve("failing-tar");
        // reads the archive, leaves a file behind in its target (-C's argument) and fails, as a tar that broke would
        Files.writeString(failing, "#!/bin/sh\ncat >/dev/null\necho half > \"$6/half-written\"\necho 'tar: broken' >&2\n"
                + "exit 2\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
        ReadyMadeCluster cluster = new ReadyMadeCluster(ReadyMadeCluster.class::getResourceAsStream, BUILD_LOCALE,
                new SystemTar(failing));
        Path target = ownerOnlyDirectory("target");

        assertThat(cluster.unpackInto(target)).isEqualTo("Java");
        assertThat(target.resolve("half-written")).doesNotExist();
        assertThat(target.resolve("PG_VERSION")).exists();
    }

    @Test
    void theSystemTarsFailureSaysWhy() throws IOException {
        Path failing = dir.resolve("failing-tar");
        Files.writeString(failing, "#!/bin/sh\ncat >/dev/null\necho 'tar: broken' >&2\nexit 2\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
        Path target = Files.createDirectories(dir.resolve("target"));
        assertThatThrownBy(() -> new SystemTar(failing).unpack(new ByteArrayInputStream(new byte[100_000]), target))
                .isInstanceOf(IOException.class).hasMessageContaining("exited with 2: tar: broken");
    }

    @Test
    void onlyAGnuOrBsdTarOnThePathIsUsed() throws IOException {
        assertThat(SystemTar.find(Map.of()).available()).isFalse();
        assertThat(SystemTar.find(Map.of("PATH", dir.toString())).available()).as("none there").isFalse();
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("tar"), "#!/bin/sh\necho 'tar (busybox) 1.36'\n");
        Files.setPosixFilePermissions(other.resolve("tar"), PosixFilePermissions.fromString("rwx------"));
        assertThat(SystemTar.find(Map.of("PATH", other + ":/usr/bin:/bin")).available())
                .as("the first tar on the PATH decides, and it is neither GNU tar nor bsdtar").isFalse();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")), "no /usr/bin/tar");
        assertThat(SystemTar.find(Map.of("PATH", dir + "::/usr/bin")).available()).isTrue();
    }

    @Test
    void theSystemTarIsLookedForOnlyWhenAClusterIsUnpacked() throws IOException {
        java.util.concurrent.atomic.AtomicInteger lookedFor = new java.util.concurrent.atomic.AtomicInteger();
        ReadyMadeCluster cluster = new ReadyMadeCluster(ReadyMadeCluster.class::getResourceAsStream, BUILD_LOCALE,
                () -> {
                    lookedFor.incrementAndGet();
                    return SystemTar.NONE;
                });
        Path existing = Files.createDirectories(dir.resolve("existing"));
        Files.writeString(existing.resolve("PG_VERSION"), "17\n");
        assertThat(cluster.provide(existing)).isFalse();
        assertThat(lookedFor).as("a start on an existing cluster runs no tar --version").hasValue(0);

        assertThat(cluster.unpackInto(ownerOnlyDirectory("new"))).isEqualTo("Java");
        assertThat(lookedFor).hasValue(1);
    }

    @Test
    void whatATarUnpackedIsRefusedWithALinkOrAPermissionForOthers() throws IOException {
        Path fine = Files.createDirectories(dir.resolve("fine/base"));
        Files.setPosixFilePermissions(dir.resolve("fine"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(fine, PosixFilePermissions.fromString("rwx------"));
        Files.createFile(fine.resolve("1259"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        SystemTar.checkUnpacked(dir.resolve("fine"));

        Files.createSymbolicLink(fine.resolve("link"), dir);
        assertThatThrownBy(() -> SystemTar.checkUnpacked(dir.resolve("fine"))).isInstanceOf(IOException.class)
                .hasMessageContaining("base/link");
        Files.delete(fine.resolve("link"));

        Files.setPosixFilePermissions(fine.resolve("1259"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SystemTar.checkUnpacked(dir.resolve("fine"))).isInstanceOf(IOException.class)
                .hasMessageContaining("base/1259");
    }

    /** A new directory of mode 0700, as the unpack beside a data directory makes it. */
    private Path ownerOnlyDirectory(String name) throws IOException {
        return Files.createDirectory(dir.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Every file under {@code root} by its relative path: its size and CRC-32, and its permissions. */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                if (Files.isRegularFile(path)) {
                    CRC32 crc = new CRC32();
                    crc.update(Files.readAllBytes(path));
                    contents.put(root.relativize(path).toString(), Files.size(path) + " " + crc.getValue() + " " + mode);
                } else {
                    contents.put(root.relativize(path) + "/", mode);
                }
            }
        }
        return contents;
    }
}
