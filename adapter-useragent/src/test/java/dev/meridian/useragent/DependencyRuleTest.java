package dev.meridian.useragent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * adapter-useragent is plain Java on ports, Yauaa (with Kryo for its snapshot), Caffeine and SLF4J: no framework, no
 * other adapter, no core.
 */
@AnalyzeClasses(packages = "dev.meridian.useragent", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRuleTest {

    @ArchTest
    static final ArchRule dependsOnlyOnPortsTheParserKryoCaffeineSlf4jAndTheJdk = classes()
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("dev.meridian.useragent..", "dev.meridian.ports..", "nl.basjes.parse.useragent..",
                    "com.esotericsoftware.kryo..", "com.github.benmanes.caffeine..", "org.slf4j..", "java..");
}
