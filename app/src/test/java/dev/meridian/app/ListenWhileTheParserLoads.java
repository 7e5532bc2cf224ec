package dev.meridian.app;

import dev.meridian.ports.out.DeviceDetector;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * For tests whose parser loads only when the test says: the server listens while the parser still loads, so
 * readiness can be seen DOWN. The server itself holds its port until the parser is loaded
 * ({@link ParserReadyBeforeListening}), which would wait for such a parser forever. On with
 * {@value #PROPERTY}{@code =true}.
 */
@Singleton
@Replaces(ParserReadyBeforeListening.class)
@Requires(property = ListenWhileTheParserLoads.PROPERTY, value = "true")
class ListenWhileTheParserLoads extends ParserReadyBeforeListening {

    static final String PROPERTY = "meridian.test.listen-while-the-parser-loads";

    ListenWhileTheParserLoads(DeviceDetector detector) {
        super(detector);
    }

    @Override
    void awaitParser() {
    }
}
