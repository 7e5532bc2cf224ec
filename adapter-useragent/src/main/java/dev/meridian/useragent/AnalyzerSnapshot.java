package dev.meridian.useragent;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import nl.basjes.parse.useragent.utils.YauaaVersion;

/**
 * Yauaa's analyzer for our fields, built from its rules by the build and stored with Kryo (Yauaa supports Kryo
 * serialisation of a built analyzer) as the resource {@value #RESOURCE} of this module. Reading it back at start-up
 * takes a fraction of building it from the rules (docs/user-agents.md, "Loading"), and gives the same analyzer:
 * the build regenerates it whenever Yauaa or our fields change, and a snapshot whose fingerprint (Yauaa's version,
 * commit and build time; our fields) differs from the running ones is not used.
 *
 * <p>Format: a UTF header ({@value #FORMAT}), the fingerprint (UTF), then the analyzer as Kryo's
 * {@code writeClassAndObject} with Yauaa's {@code configureKryo} registrations.
 */
final class AnalyzerSnapshot {

    static final String RESOURCE = "yauaa-analyzer.kryo";
    static final String FORMAT = "meridian yauaa analyzer snapshot 1";

    private static final int BUFFER = 1 << 20;

    private AnalyzerSnapshot() {}

    /** What a snapshot must have been made with to be used by this build. */
    static String fingerprint() {
        return YauaaVersion.getVersion() + "; fields " + String.join(",", YauaaAgentParser.FIELDS);
    }

    static void write(UserAgentAnalyzer analyzer, String fingerprint, OutputStream target) throws IOException {
        DataOutputStream header = new DataOutputStream(target);
        header.writeUTF(FORMAT);
        header.writeUTF(fingerprint);
        header.flush();
        Output output = new Output(target, BUFFER);
        kryo().writeClassAndObject(output, analyzer);
        output.flush();
    }

    /**
     * The analyzer in {@code source}, or empty when it was made for another Yauaa or other fields (or is not a
     * snapshot at all).
     *
     * @throws KryoException when the header matches but the analyzer cannot be read (a damaged file)
     */
    static Optional<UserAgentAnalyzer> read(InputStream source, String expectedFingerprint) throws IOException {
        DataInputStream header = new DataInputStream(source);
        try {
            if (!FORMAT.equals(header.readUTF()) || !expectedFingerprint.equals(header.readUTF())) {
                return Optional.empty();
            }
        } catch (IOException notASnapshot) { // too short, or not modified UTF-8: not ours
            return Optional.empty();
        }
        Input input = new Input(source, BUFFER);
        return Optional.of((UserAgentAnalyzer) kryo().readClassAndObject(input));
    }

    /** The build's snapshot from the classpath; empty when it is absent or not for this Yauaa and these fields. */
    static Optional<UserAgentAnalyzer> fromClasspath() {
        try (InputStream in = AnalyzerSnapshot.class.getResourceAsStream(RESOURCE)) {
            return in == null ? Optional.empty() : read(in, fingerprint());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the User-Agent analyzer snapshot " + RESOURCE, e);
        }
    }

    private static Kryo kryo() {
        Kryo kryo = new Kryo();
        UserAgentAnalyzer.configureKryo(kryo);
        return kryo;
    }

    /**
     * Run by the build ({@code process-classes}): writes the snapshot to {@code args[0]}, unless the file there
     * already is a snapshot with this fingerprint (a rebuild without a Yauaa change costs nothing).
     */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]).toAbsolutePath();
        String fingerprint = fingerprint();
        if (isCurrent(target, fingerprint)) {
            System.out.println("User-Agent analyzer snapshot up to date: " + target);
            return;
        }
        long start = System.nanoTime();
        UserAgentAnalyzer analyzer = YauaaAgentParser.buildFromRules();
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), BUFFER)) {
            write(analyzer, fingerprint, out);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("User-Agent analyzer snapshot written: %s (%,d bytes, %d ms; %s)%n", target, Files.size(target),
                (System.nanoTime() - start) / 1_000_000, fingerprint);
    }

    /** {@code file} is a snapshot made with {@code fingerprint} (it is only ever written whole: see {@link #main}). */
    static boolean isCurrent(Path file, String fingerprint) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            return FORMAT.equals(in.readUTF()) && fingerprint.equals(in.readUTF());
        } catch (IOException notASnapshot) {
            return false;
        }
    }
}
