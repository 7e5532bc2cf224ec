package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binaries' digest is the build's record only for the archive the build saw (same CRC-32 and size of the jar
 * entry), and the record this build wrote names the archive on the classpath with its true MD5.
 */
class PostgresBinariesTest {

    private static final String MD5 = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void theRecordedDigestIsTakenForAJarEntryOfTheRecordedCrcAndSize() throws Exception {
        URL archive = jarEntry("a.jar", "the binaries");
        Properties record = PostgresBinaries.record(archive, MD5).orElseThrow();

        assertThat(record.getProperty("archive")).isEqualTo(ServerLaunch.ARCHIVE);
        assertThat(record.getProperty("size")).isEqualTo("12");
        assertThat(PostgresBinaries.recordedDigest(archive, record)).contains(MD5);
    }

    @Test
    void anotherArchiveOfTheSameSizeIsNotTakenForTheRecordedOne() throws Exception {
        Properties record = PostgresBinaries.record(jarEntry("a.jar", "the binaries"), MD5).orElseThrow();

        assertThat(PostgresBinaries.recordedDigest(jarEntry("b.jar", "other binari"), record)).isEmpty();
        assertThat(PostgresBinaries.recordedDigest(jarEntry("c.jar", "the binaries!"), record)).isEmpty();
    }

    @Test
    void anArchiveOutsideAJarOrAMalformedRecordIsNeverTakenOnTrust() throws Exception {
        URL archive = jarEntry("a.jar", "the binaries");
        Properties record = PostgresBinaries.record(archive, MD5).orElseThrow();
        Path file = Files.writeString(dir.resolve(ServerLaunch.ARCHIVE), "the binaries");

        assertThat(PostgresBinaries.record(file.toUri().toURL(), MD5)).isEmpty();
        assertThat(PostgresBinaries.recordedDigest(file.toUri().toURL(), record)).isEmpty();
        Properties malformed = (Properties) record.clone();
        malformed.setProperty("md5", "../../somewhere");
        assertThat(PostgresBinaries.recordedDigest(archive, malformed)).isEmpty();
        assertThat(PostgresBinaries.recordedDigest(archive, new Properties())).isEmpty();
    }

    @Test
    void theBuildRecordedTheTrueDigestOfTheArchiveOnTheClasspath() throws Exception {
        URL carried = PostgresBinaries.carriedArchive().orElseThrow();
        Properties record = PostgresBinaries.buildRecord();

        assertThat(record.getProperty("md5")).as("written by ReadyMadeClusterBuild").isNotNull();
        assertThat(PostgresBinaries.recordedDigest(carried, record)).as("the classpath's archive is the recorded one")
                .contains(PostgresBinaries.computedDigest());
        assertThat(PostgresBinaries.digest()).isEqualTo(PostgresBinaries.computedDigest());
    }

    /** A jar holding {@link ServerLaunch#ARCHIVE} with {@code content}; the URL of that entry. */
    private URL jarEntry(String jarName, String content) throws IOException {
        Path jar = dir.resolve(jarName);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new ZipEntry(ServerLaunch.ARCHIVE));
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return new URL("jar:" + jar.toUri() + "!/" + ServerLaunch.ARCHIVE);
    }
}
