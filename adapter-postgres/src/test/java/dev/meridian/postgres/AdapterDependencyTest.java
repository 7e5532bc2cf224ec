package dev.meridian.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The adapter depends on ports only: not on core, the app, or another adapter. */
class AdapterDependencyTest {

    private final JavaClasses adapter = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.meridian.postgres");

    @Test
    void theAdapterUsesNoCoreAppOrOtherAdapterClass() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.meridian.core..", "dev.meridian.app..", "dev.meridian.http..", "dev.meridian.geoip..",
                        "dev.meridian.useragent..")
                .check(adapter);
    }
}
