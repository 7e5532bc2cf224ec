package dev.meridian.useragent;

import dev.meridian.ports.model.ClientDevice;
import dev.meridian.ports.model.DeviceDetails;
import dev.meridian.ports.model.SystemInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file of {@link RememberedClassifications}, written whole (a temporary file moved over the old one) and readable by
 * its owner only. It carries the fingerprint of the build that classified its User-Agents ({@link #buildFingerprint}:
 * the analyzer snapshot's, and a checksum of our mapping classes and resources), so a file from another build is
 * ignored; so is a damaged, truncated or oversized one: reading it is never fatal, the parser simply answers.
 *
 * <p>Format (DataOutput): a UTF header ({@value #FORMAT}), the fingerprint (UTF), the number of entries (int), then per
 * entry the cache key (UTF) and its answer (robot as a boolean, then browser, OS, device type, browser version, OS
 * version, vendor and model, each a presence flag and a UTF), and last the CRC-32 of everything before it (long).
 */
public final class RememberedClassificationsFile {

    static final String FORMAT = "meridian remembered user agents 1";

    /** At most this many entries, whatever the setting (the detector's default cache size). */
    public static final int MAX_ENTRIES = 10_000;

    /** A remembered answer's fields are short words and versions; longer ones are not remembered. */
    static final int MAX_FIELD_LENGTH = 128;

    /** Modified UTF-8 takes at most 3 bytes a character, plus a 2-byte length. */
    private static final int MAX_ENTRY_BYTES =
            2 + 3 * UserAgentDeviceDetector.MAX_USER_AGENT_LENGTH + 1 + 7 * (1 + 2 + 3 * MAX_FIELD_LENGTH);
    static final long MAX_FILE_BYTES = 64 * 1024 + (long) MAX_ENTRIES * MAX_ENTRY_BYTES;

    /** The classes and resources whose code decides an answer besides Yauaa's analyzer. */
    private static final List<String> MAPPING = List.of("UserAgentDeviceDetector.class", "YauaaAgentParser.class",
            "ParsedUserAgent.class", "Vocabulary.class", "RobotSignatures.class", UserAgentDeviceDetector.YAUAA_VOCABULARY,
            UserAgentDeviceDetector.ROBOT_SIGNATURES);

    private static final Logger LOG = LoggerFactory.getLogger(RememberedClassificationsFile.class);

    private final Path path;
    /** Computed when first needed: a start without a file (a fresh data directory) never computes it. */
    private final Supplier<String> fingerprint;

    /** The file at {@code path} for this build. */
    public RememberedClassificationsFile(Path path) {
        this.path = path;
        this.fingerprint = new Supplier<>() {
            private String computed;

            @Override
            public synchronized String get() {
                if (computed == null) {
                    computed = buildFingerprint();
                }
                return computed;
            }
        };
    }

    RememberedClassificationsFile(Path path, String fingerprint) {
        this.path = path;
        this.fingerprint = () -> fingerprint;
    }

    public Path path() {
        return path;
    }

    /**
     * What classified the entries of a file this build writes: the analyzer snapshot's fingerprint (Yauaa's version,
     * commit and build time; our fields) and a CRC-32 of our mapping's class files and resources.
     */
    static String buildFingerprint() {
        CRC32 crc = new CRC32();
        for (String resource : MAPPING) {
            try (InputStream in = RememberedClassificationsFile.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource + " of the User-Agent detector");
                }
                crc.update(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return AnalyzerSnapshot.fingerprint() + "; mapping crc32 " + Long.toHexString(crc.getValue());
    }

    /**
     * Whether the file exists and its header names this build: a cheap look (two short strings) that the whole file
     * will probably be usable. {@link #read} decides.
     */
    public boolean looksUsable() {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(path))) {
            return FORMAT.equals(in.readUTF()) && fingerprint.get().equals(in.readUTF());
        } catch (IOException | UncheckedIOException absentOrNotOurs) {
            return false;
        }
    }

    /**
     * The remembered classifications, or empty when there is no file (silently), when it is from another build
     * (logged at INFO) or when it is damaged, truncated or too large (logged at WARN).
     */
    public Optional<RememberedClassifications> read() {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                LOG.warn("Remembered User-Agents ignored: {} holds {} bytes, more than the {} such a file can hold",
                        path, size, MAX_FILE_BYTES);
                return Optional.empty();
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("Remembered User-Agents ignored: cannot read {}: {}", path, e.toString());
            return Optional.empty();
        }
        try {
            return parse(bytes);
        } catch (IOException | IllegalArgumentException damaged) {
            LOG.warn("Remembered User-Agents ignored: {} is damaged ({}); the parser answers them once loaded", path,
                    damaged.toString());
            return Optional.empty();
        }
    }

    private Optional<RememberedClassifications> parse(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (!FORMAT.equals(in.readUTF())) {
            throw new IOException("not a remembered User-Agents file");
        }
        String written = in.readUTF();
        if (!fingerprint.get().equals(written)) {
            LOG.info("Remembered User-Agents ignored: {} was written by another build ({}; this one: {}); it will be "
                    + "replaced", path, written, fingerprint.get());
            return Optional.empty();
        }
        if (bytes.length < Long.BYTES) {
            throw new EOFException("truncated");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - Long.BYTES);
        long expected = new DataInputStream(new ByteArrayInputStream(bytes, bytes.length - Long.BYTES, Long.BYTES))
                .readLong();
        if (crc.getValue() != expected) {
            throw new IOException("checksum mismatch: truncated or altered");
        }
        int count = in.readInt();
        if (count < 0 || count > MAX_ENTRIES) {
            throw new IOException(count + " entries, at most " + MAX_ENTRIES + " allowed");
        }
        Map<String, ClientDevice> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String userAgent = in.readUTF();
            if (userAgent.length() > UserAgentDeviceDetector.MAX_USER_AGENT_LENGTH
                    || !userAgent.equals(UserAgentDeviceDetector.cacheKey(userAgent))) {
                throw new IOException("entry " + i + " is not a User-Agent the detector caches");
            }
            boolean robot = in.readBoolean();
            SystemInfo system = new SystemInfo(readField(in), readField(in), readField(in));
            DeviceDetails details = new DeviceDetails(readField(in), readField(in), readField(in), readField(in));
            entries.put(userAgent, new ClientDevice(system, robot, details));
        }
        if (in.available() != Long.BYTES) {
            throw new IOException("unexpected bytes after the entries");
        }
        return Optional.of(new RememberedClassifications(entries));
    }

    private static String readField(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String value = in.readUTF();
        if (value.length() > MAX_FIELD_LENGTH) {
            throw new IOException("a field of " + value.length() + " characters");
        }
        return value;
    }

    /**
     * Writes the first {@value #MAX_ENTRIES} of {@code remembered} (entries with a field longer than
     * {@value #MAX_FIELD_LENGTH} characters are left out) atomically, readable and writable by the owner only.
     *
     * @return the number of entries written
     * @throws UncheckedIOException when the file cannot be written (the old one, if any, is then left as it was)
     */
    public int write(RememberedClassifications remembered) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int written = 0;
        try {
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(FORMAT);
            out.writeUTF(fingerprint.get());
            Map<String, ClientDevice> kept = new LinkedHashMap<>();
            for (Map.Entry<String, ClientDevice> entry : remembered.entries().entrySet()) {
                if (kept.size() == MAX_ENTRIES) {
                    break;
                }
                if (fits(entry.getKey(), entry.getValue())) {
                    kept.put(entry.getKey(), entry.getValue());
                }
            }
            out.writeInt(kept.size());
            for (Map.Entry<String, ClientDevice> entry : kept.entrySet()) {
                ClientDevice device = entry.getValue();
                out.writeUTF(entry.getKey());
                out.writeBoolean(device.robot());
                writeField(out, device.system().browser());
                writeField(out, device.system().os());
                writeField(out, device.system().deviceType());
                writeField(out, device.details().browserVersion());
                writeField(out, device.details().osVersion());
                writeField(out, device.details().vendor());
                writeField(out, device.details().model());
            }
            out.flush();
            written = kept.size();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            replace(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the remembered User-Agents to " + path, e);
        }
        return written;
    }

    private static boolean fits(String userAgent, ClientDevice device) {
        return userAgent.length() <= UserAgentDeviceDetector.MAX_USER_AGENT_LENGTH
                && userAgent.equals(UserAgentDeviceDetector.cacheKey(userAgent))
                && fits(device.system().browser()) && fits(device.system().os()) && fits(device.system().deviceType())
                && fits(device.details().browserVersion()) && fits(device.details().osVersion())
                && fits(device.details().vendor()) && fits(device.details().model());
    }

    private static boolean fits(String field) {
        return field == null || field.length() <= MAX_FIELD_LENGTH;
    }

    private static void writeField(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private void replace(byte[] content) throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        FileAttribute<?>[] ownerOnly = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(directory, path.getFileName().toString(), ".tmp", ownerOnly);
        try {
            Files.write(temp, content);
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes the file (its entries disagreed with the parser); a missing file is fine. */
    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", path, e.toString());
        }
    }
}
