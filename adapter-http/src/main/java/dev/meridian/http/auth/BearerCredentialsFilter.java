package dev.meridian.http.auth;

import dev.meridian.ports.in.Authenticate;
import dev.meridian.ports.in.Caller;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Objects;

/**
 * Every API route ({@code /api/v1/**}) needs a credential: this filter hands the {@code Authorization}
 * header to {@link Authenticate} (which parses {@code Bearer …}, hashes and compares in constant time) and
 * stores the resulting {@link Caller} as the request attribute {@value #CALLER}, which controllers bind
 * with {@code @RequestAttribute(BearerCredentialsFilter.CALLER)}. A failure propagates as the use case's
 * {@code UnauthorizedException} (401). The header is never logged.
 *
 * <p>{@code OPTIONS} requests are let through unchecked: no API route takes them (the router answers 405), so
 * looking their credential up would only let a flood of them cost a storage look-up each.
 */
@ServerFilter("/api/v1/**")
public class BearerCredentialsFilter {

    /** Name of the request attribute holding the authenticated {@link Caller}. */
    public static final String CALLER = "meridian.caller";

    private final Authenticate authenticate;

    public BearerCredentialsFilter(Authenticate authenticate) {
        this.authenticate = authenticate;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING) // credential lookups may hit storage
    public void authenticate(HttpRequest<?> request) {
        if (request.getMethod() == HttpMethod.OPTIONS) {
            return;
        }
        Caller caller = authenticate.authenticate(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        request.setAttribute(CALLER, Objects.requireNonNull(caller, "Authenticate returned no caller"));
    }
}
