package dev.meridian.useragent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.model.ClientDevice;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyzer the build snapshots (our four fields, read back with Kryo) against Yauaa's full analyzer built from
 * its rules with every field: the same answer for every field we read, on every agent of the corpus, and the same
 * {@link ClientDevice} through our detector.
 */
class AnalyzerSnapshotTest {

    private static UserAgentAnalyzer full;
    private static List<UserAgentCorpus.Entry> corpus;

    @BeforeAll
    static void buildTheFullAnalyzer() {
        full = UserAgentAnalyzer.newBuilder().withoutCache().hideMatcherLoadStats().dropTests()
                .immediateInitialization().build();
        corpus = UserAgentCorpus.load();
    }

    @Test
    void theBuildWroteASnapshotForTheYauaaOnTheClasspath() {
        assertThat(AnalyzerSnapshot.class.getResource(AnalyzerSnapshot.RESOURCE)).as("written by process-classes").isNotNull();
        assertThat(AnalyzerSnapshot.fromClasspath()).isPresent();
        assertThat(AnalyzerSnapshot.fingerprint()).contains("8.1.1").endsWith("AgentClass,AgentName,OperatingSystemName,DeviceClass,AgentVersion,OperatingSystemVersion,DeviceBrand,DeviceName");
    }

    @Test
    void theSnapshotAnswersEveryFieldWeReadLikeTheFullAnalyzerOnEveryCorpusAgent() {
        UserAgentAnalyzer snapshot = AnalyzerSnapshot.fromClasspath().orElseThrow();
        List<String> differences = new ArrayList<>();
        for (UserAgentCorpus.Entry entry : corpus) {
            UserAgent expected = full.parse(entry.userAgent());
            UserAgent actual = snapshot.parse(entry.userAgent());
            for (String field : YauaaAgentParser.FIELDS) {
                if (!Objects.equals(expected.getValue(field), actual.getValue(field))) {
                    differences.add(field + ": full " + expected.getValue(field) + ", snapshot " + actual.getValue(field)
                            + " for " + entry.userAgent());
                }
            }
        }
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(242);
        assertThat(differences).isEmpty();
    }

    @Test
    void theProductionDetectorClassifiesEveryCorpusAgentLikeOneOnTheFullAnalyzer() {
        UserAgentDeviceDetector onFull = new UserAgentDeviceDetector(new YauaaAgentParser(full),
                Vocabulary.fromResource(UserAgentDeviceDetector.YAUAA_VOCABULARY),
                RobotSignatures.fromResource(UserAgentDeviceDetector.ROBOT_SIGNATURES), 0);
        UserAgentDeviceDetector production = SharedYauaaDetector.withCacheSize(0);
        for (UserAgentCorpus.Entry entry : corpus) {
            assertThat(production.detect(entry.userAgent())).as(entry.userAgent()).isEqualTo(onFull.detect(entry.userAgent()));
        }
    }

    @Test
    void aSnapshotMadeWithAnotherYauaaOrOtherFieldsIsNotUsed() throws IOException {
        byte[] stale = header(AnalyzerSnapshot.FORMAT, "Yauaa 7.0.0 (v7.0.0 @ 2023-01-01T00:00:00Z); fields DeviceClass");

        assertThat(AnalyzerSnapshot.read(new ByteArrayInputStream(stale), AnalyzerSnapshot.fingerprint())).isEmpty();
    }

    @Test
    void aFileThatIsNotASnapshotIsNotUsed() throws IOException {
        byte[] other = header("some other format", AnalyzerSnapshot.fingerprint());

        assertThat(AnalyzerSnapshot.read(new ByteArrayInputStream(other), AnalyzerSnapshot.fingerprint())).isEmpty();
        assertThat(AnalyzerSnapshot.read(new ByteArrayInputStream(new byte[] {1}), AnalyzerSnapshot.fingerprint())).isEmpty();
    }

    @Test
    void theBuildRewritesASnapshotOnlyWhenItsFingerprintDiffers(@TempDir Path directory) throws IOException {
        Path file = directory.resolve(AnalyzerSnapshot.RESOURCE);
        assertThat(AnalyzerSnapshot.isCurrent(file, AnalyzerSnapshot.fingerprint())).as("missing").isFalse();

        Files.write(file, header(AnalyzerSnapshot.FORMAT, "Yauaa 7.0.0; fields DeviceClass"));
        assertThat(AnalyzerSnapshot.isCurrent(file, AnalyzerSnapshot.fingerprint())).as("stale").isFalse();

        Files.write(file, header(AnalyzerSnapshot.FORMAT, AnalyzerSnapshot.fingerprint()));
        assertThat(AnalyzerSnapshot.isCurrent(file, AnalyzerSnapshot.fingerprint())).as("current").isTrue();

        Files.write(file, new byte[] {0, 3, 'a'});
        assertThat(AnalyzerSnapshot.isCurrent(file, AnalyzerSnapshot.fingerprint())).as("truncated").isFalse();
    }

    private static byte[] header(String format, String fingerprint) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(format);
        out.writeUTF(fingerprint);
        out.write(new byte[] {1, 2, 3});
        out.flush();
        return bytes.toByteArray();
    }
}
