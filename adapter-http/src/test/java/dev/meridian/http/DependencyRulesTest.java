package dev.meridian.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/architecture.md: adapter-http talks to the ports (never to core, which its tests alone see) through
 * Micronaut and Jackson (plus Reactor for the realtime stream and the WebJars locator for the live map page),
 * to no other adapter. */
class DependencyRulesTest {

    private static JavaClasses adapter;

    @BeforeAll
    static void importMainClasses() {
        adapter = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.meridian.http");
    }

    @Test
    void dependsOnlyOnPortsMicronautJacksonAndTheJdk() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                        "dev.meridian.http..",
                        "dev.meridian.ports..",
                        "io.micronaut..",
                        "com.fasterxml.jackson..",
                        "jakarta.inject..", // Micronaut's dependency-injection annotations
                        "org.slf4j..", // Micronaut's logging API
                        "io.github.bucket4j..", // rate limits
                        "com.github.benmanes.caffeine..", // bounded per-client rate-limit state
                        "jakarta.annotation..", // Micronaut's lifecycle annotations (@PreDestroy)
                        "reactor.core..", // the realtime stream is a Flux
                        "org.webjars..", // finds the live map page's WebJars
                        "io.swagger.v3.oas.annotations..", // OpenAPI annotations, read at compile time only
                        // the connection's event loop (ChannelHandlerContext.executor()), where the tracking answer
                        // is made when storage completes the event (EventsController)
                        "io.netty.channel..",
                        "io.netty.util.concurrent..",
                        "java..")
                .check(adapter);
    }

    /**
     * What adapter-http needs of core is a port ({@code WatchRealtimeMap}…) or lives in the adapter
     * ({@code Pseudonyms}). Core is a test dependency only (the stream's tests publish through core's
     * {@code MapChanges}); this rule still holds the line if someone puts it back in compile scope.
     */
    @Test
    void mainClassesDoNotDependOnCore() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.meridian.core..")
                .check(adapter);
    }

    @Test
    void dependsOnNoOtherAdapterNorTheApp() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.meridian.postgres..",
                        "dev.meridian.geoip..",
                        "dev.meridian.useragent..",
                        "dev.meridian.app..")
                .check(adapter);
    }
}
