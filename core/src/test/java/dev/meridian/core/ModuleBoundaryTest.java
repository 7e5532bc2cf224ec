package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.ports.in.TrackCommand;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * core and ports are named modules: core exports its API packages only, and requires ports transitively. Checked on
 * the compiled modules (their descriptors) and by compiling a small module that requires core, as an embedder's would.
 */
class ModuleBoundaryTest {

    private static final Set<String> CORE_API = Set.of("dev.meridian.core", "dev.meridian.core.revenue",
            "dev.meridian.core.scoring", "dev.meridian.core.store");

    @TempDir
    Path dir;

    private static Path locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor(String module) throws URISyntaxException {
        return ModuleFinder.of(locationOf(Meridian.class), locationOf(TrackCommand.class)).find(module)
                .orElseThrow(() -> new AssertionError(module + " is not a module")).descriptor();
    }

    private static Set<String> exported(ModuleDescriptor descriptor) {
        return descriptor.exports().stream().filter(export -> !export.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }

    @Test
    void coreExportsItsApiPackagesOnlyAndRequiresPortsTransitively() throws Exception {
        ModuleDescriptor core = descriptor("dev.meridian.core");

        assertThat(exported(core)).isEqualTo(CORE_API);
        assertThat(core.packages()).contains("dev.meridian.core.tracking", "dev.meridian.core.map",
                "dev.meridian.core.access").hasSizeGreaterThan(CORE_API.size());
        assertThat(core.requires()).anySatisfy(requires -> {
            assertThat(requires.name()).isEqualTo("dev.meridian.ports");
            assertThat(requires.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
        });
        assertThat(exported(descriptor("dev.meridian.ports"))).isEqualTo(Set.of("dev.meridian.ports.error",
                "dev.meridian.ports.in", "dev.meridian.ports.model", "dev.meridian.ports.out"));
    }

    @Test
    void aModuleRequiringCoreCompilesAgainstItsApiAndThePorts() throws Exception {
        List<Diagnostic<? extends JavaFileObject>> errors = compile("""
                package embedder;

                import dev.meridian.core.Meridian;
                import dev.meridian.core.store.InMemoryStore;
                import dev.meridian.ports.in.TrackCommand;

                public class Embedding {
                    public static void main(String[] args) {
                        Meridian meridian = Meridian.builder().storage(new InMemoryStore()).build();
                        meridian.trackEvent().track(TrackCommand.pageview("https://example.com/").build());
                    }
                }
                """);

        assertThat(errors).isEmpty();
    }

    @Test
    void aModuleRequiringCoreCannotReadItsUseCasesBehindThePorts() throws Exception {
        List<Diagnostic<? extends JavaFileObject>> errors = compile("""
                package embedder;

                import dev.meridian.core.tracking.EventTracking;

                public class Embedding {
                    EventTracking tracking;
                }
                """);

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.getCode()).isEqualTo("compiler.err.package.not.visible");
            assertThat(error.getMessage(null)).contains("dev.meridian.core.tracking")
                    .contains("does not export it");
        });
    }

    /** Compiles module {@code embedder} ({@code requires dev.meridian.core}) of one class; returns its errors. */
    private List<Diagnostic<? extends JavaFileObject>> compile(String embeddingJava) throws Exception {
        Path sources = dir.resolve("src");
        Files.createDirectories(sources.resolve("embedder"));
        Files.writeString(sources.resolve("module-info.java"), "module embedder { requires dev.meridian.core; }\n",
                StandardCharsets.UTF_8);
        Path embedding = Files.writeString(sources.resolve("embedder/Embedding.java"), embeddingJava,
                StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            String modulePath = locationOf(Meridian.class) + File.pathSeparator + locationOf(TrackCommand.class);
            List<String> options = List.of("--release", "17", "-d", dir.resolve("out").toString(),
                    "--module-path", modulePath);
            // javac would otherwise search this JVM's class path, where core's packages are all readable
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of());
            List<Path> units = List.of(sources.resolve("module-info.java"), embedding);
            javac.getTask(new StringWriter(), files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(units)).call();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(diagnostic);
            }
        }
        return errors;
    }
}
