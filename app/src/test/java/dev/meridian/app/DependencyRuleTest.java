package dev.meridian.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of docs/architecture.md over every module on the app's classpath: core → ports; every
 * adapter → ports, never core; no adapter on another adapter. That nothing depends on app and that ports depend on
 * nothing of ours needs no rule: app depends on every other module and every module on ports, so Maven refuses
 * the cycle such a dependency would make.
 */
class DependencyRuleTest {

    private static final String PORTS = "dev.meridian.ports..";
    private static final String CORE = "dev.meridian.core..";
    private static final String HTTP = "dev.meridian.http..";
    private static final String POSTGRES = "dev.meridian.postgres..";
    private static final String GEOIP = "dev.meridian.geoip..";
    private static final String USERAGENT = "dev.meridian.useragent..";
    private static final String APP = "dev.meridian.app..";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.meridian");

    @Test
    void coreDependsOnPortsAndNoAdapter() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage(HTTP, POSTGRES, GEOIP, USERAGENT, APP)
                .check(CLASSES);
    }

    @Test
    void adaptersDependOnNoOtherAdapterNorOnCore() {
        noClasses().that().resideInAPackage(HTTP)
                .should().dependOnClassesThat().resideInAnyPackage(CORE, POSTGRES, GEOIP, USERAGENT)
                .check(CLASSES);
        noClasses().that().resideInAnyPackage(POSTGRES, GEOIP, USERAGENT)
                .should().dependOnClassesThat().resideInAnyPackage(HTTP, CORE)
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void portsAndCoreImportNoFrameworkJsonSqlGeoIpOrMetrics() {
        noClasses().that().resideInAnyPackage(PORTS, CORE)
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "jakarta..",
                        "com.fasterxml..", "java.sql..", "javax.sql..", "org.postgresql..", "com.maxmind..",
                        "io.micrometer..")
                .check(CLASSES);
    }
}
