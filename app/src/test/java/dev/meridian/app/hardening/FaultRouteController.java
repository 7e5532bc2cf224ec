package dev.meridian.app.hardening;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

/** A route that fails unexpectedly, for tests of what a 500 logs and answers; only where a test enables it. */
@Controller("/api/v1/test-fault")
@Requires(property = "meridian.test-fault-route.enabled", value = "true")
class FaultRouteController {

    @Get
    String fail() {
        throw new IllegalStateException("an unexpected failure for the log hygiene test");
    }

    /** A failure whose message quotes the request's path, decoded, as many an exception's message does. */
    @Get("/{detail}")
    String failWith(@PathVariable String detail) {
        throw new IllegalStateException("an unexpected failure for " + detail);
    }
}
