package dev.meridian.geoip;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** adapter-geoip is plain Java on ports and MaxMind: no framework, no other adapter, no core. */
@AnalyzeClasses(packages = "dev.meridian.geoip", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRuleTest {

    @ArchTest
    static final ArchRule dependsOnlyOnPortsMaxMindAndTheJdk = classes()
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("dev.meridian.geoip..", "dev.meridian.ports..", "com.maxmind..", "com.github.benmanes.caffeine..", "java..");
}
