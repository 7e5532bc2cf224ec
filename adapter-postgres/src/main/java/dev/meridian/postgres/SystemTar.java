package dev.meridian.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The system's {@code tar} (GNU tar or bsdtar, found on the {@code PATH}), unpacking the ready-made cluster in a
 * process of its own: on the 2-core development machine {@code tar -xzf} of the 4.5 MB archive took 0.3 s where the
 * Java unpack took 0.4-0.7 s alone and 2.6 s sharing the cores with a start, all of it this JVM's CPU (and JIT).
 * It is given the options that keep the Java unpack's guarantees: no owner from the archive
 * ({@code --no-same-owner}), its modes (0700/0600) masked by the umask, never more ({@code --no-same-permissions}),
 * no file overwritten ({@code --keep-old-files}); both tars refuse, by default, member names with a {@code ..}
 * component or an absolute path. What it wrote is then checked ({@link #checkUnpacked}): only directories and regular
 * files, none readable or writable by anyone but the owner. {@link ReadyMadeCluster} falls back to its Java unpack
 * when there is no such tar or it fails.
 */
final class SystemTar {

    /** No system tar: always the Java unpack. */
    static final SystemTar NONE = new SystemTar(null);

    private static final long WAIT_SECONDS = 120;
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path executable;

    SystemTar(Path executable) {
        this.executable = executable;
    }

    /**
     * The first executable {@code tar} on the environment's {@code PATH} that says it is GNU tar or bsdtar (its
     * {@code --version}); {@link #NONE} when there is none.
     */
    static SystemTar find(Map<String, String> environment) {
        String path = environment.get("PATH");
        if (path == null || path.isBlank()) {
            return NONE;
        }
        for (String directory : path.split(":")) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, "tar");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return knownTar(candidate) ? new SystemTar(candidate) : NONE;
            }
        }
        return NONE;
    }

    private static boolean knownTar(Path candidate) {
        try {
            Process process = new ProcessBuilder(candidate.toString(), "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            String first = version.lines().findFirst().orElse("");
            return process.exitValue() == 0 && (first.contains("GNU tar") || first.contains("bsdtar"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean available() {
        return executable != null;
    }

    /** The command unpacking a gzip tar from standard input into {@code target}. */
    List<String> command(Path target) {
        return List.of(executable.toString(), "-x", "-z", "-f", "-", "-C", target.toString(), "--no-same-owner",
                "--no-same-permissions", "--keep-old-files");
    }

    /** Unpacks the gzip tar {@code archive} into the directory {@code target}; fails with tar's own words. */
    void unpack(InputStream archive, Path target) throws IOException {
        if (executable == null) {
            throw new IOException("no system tar");
        }
        Process process = new ProcessBuilder(command(target)).redirectErrorStream(true).start();
        CompletableFuture<String> output = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                output.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                output.complete(e.toString());
            }
        }, "meridian-tar-output");
        reader.setDaemon(true);
        reader.start();
        IOException writing = null;
        try (OutputStream in = process.getOutputStream()) {
            archive.transferTo(in);
        } catch (IOException e) {
            writing = e; // tar ended early (a broken pipe): its exit status and words say why
        }
        try {
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(this + " did not finish within " + WAIT_SECONDS + " s");
            }
            String words = output.get(WAIT_SECONDS, TimeUnit.SECONDS).strip();
            if (process.exitValue() != 0) {
                throw new IOException(this + " exited with " + process.exitValue() + (words.isEmpty() ? "" : ": " + words));
            }
            if (writing != null) {
                throw writing;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while unpacking with " + this, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot read the output of " + this, e);
        }
    }

    /**
     * Checks what was unpacked into {@code root}: directories and regular files only (no link, device or pipe), none
     * with a permission for the group or others.
     */
    static void checkUnpacked(Path root) throws IOException {
        List<Path> wrong = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                boolean kind = attributes.isDirectory() || attributes.isRegularFile();
                boolean ownerOnly = attributes.permissions().stream().noneMatch(GROUP_OR_OTHERS::contains);
                if (!kind || !ownerOnly) {
                    wrong.add(path);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Optional<Path> first = wrong.stream().findFirst();
        if (first.isPresent()) {
            throw new IOException(wrong.size() + " unpacked entries are not owner-only directories or files, e.g. "
                    + root.relativize(first.get()));
        }
    }

    @Override
    public String toString() {
        return executable == null ? "no system tar" : "the system's tar (" + executable + ")";
    }
}
