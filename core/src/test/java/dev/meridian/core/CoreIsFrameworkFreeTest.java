package dev.meridian.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md: ports and core import no framework, no JSON, no SQL, no GeoIP. (That ports know nothing of
 * core needs no rule: core depends on ports, so Maven refuses the cycle a dependency back would make.)
 */
class CoreIsFrameworkFreeTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.meridian.ports", "dev.meridian.core");

    @Test
    void portsAndCoreImportNoFrameworkJsonSqlOrGeoIp() {
        noClasses().that().resideInAnyPackage("dev.meridian.ports..", "dev.meridian.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "jakarta..", "javax.inject..",
                        "com.fasterxml..", "java.sql..", "javax.sql..", "org.postgresql..", "com.maxmind..",
                        "org.slf4j..")
                .check(PRODUCTION);
    }

    @Test
    void coreDependsOnNoAdapter() {
        noClasses().that().resideInAPackage("dev.meridian.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.meridian.http..", "dev.meridian.postgres..",
                        "dev.meridian.geoip..", "dev.meridian.useragent..", "dev.meridian.app..")
                .check(PRODUCTION);
    }
}
