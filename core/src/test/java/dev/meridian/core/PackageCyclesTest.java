package dev.meridian.core;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md: core's packages have no cycles. Every package is a slice of its own, the root package
 * {@code dev.meridian.core} (where {@code Meridian} lives) included: {@code dev.meridian.(**)} captures
 * {@code core}, {@code core.map}, {@code core.tracking}… whereas {@code dev.meridian.core.(*)..} would leave the
 * root package's classes out of every slice.
 */
class PackageCyclesTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.meridian.core");

    @Test
    void corePackagesAreFreeOfCycles() {
        slices().matching("dev.meridian.(**)").namingSlices("$1")
                .should().beFreeOfCycles()
                .check(CORE);
    }
}
