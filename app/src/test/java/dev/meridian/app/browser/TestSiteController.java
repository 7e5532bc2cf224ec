package dev.meridian.app.browser;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;

/**
 * A customer's website, for the browser tests only: pages on this very server (host {@code localhost}) that
 * load {@code /js/script.js} as a website would, queue a goal before the script loads, and offer a goal button,
 * an outbound link and client-side navigation.
 */
@Controller("/test-site")
@Requires(property = "meridian.test-site.enabled", value = "true")
class TestSiteController {

    @Get(value = "/{page}", produces = MediaType.TEXT_HTML)
    HttpResponse<String> page(@PathVariable String page, @QueryValue String site,
            @QueryValue(defaultValue = "true") boolean allowLocalhost) {
        if (!site.matches("dfid_[0-9a-f]{24}") || !page.matches("[a-z]+")) {
            return HttpResponse.badRequest();
        }
        String html = """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>Test shop</title>
                <script>
                  window.datafast = window.datafast || function () {
                    (window.datafast.q = window.datafast.q || []).push(arguments);
                  };
                  window.datafast("queued_goal", { plan: "pro" });
                </script>
                <script defer src="/js/script.js" data-website-id="%s" data-domain="localhost"%s></script>
                </head><body>
                <h1>Test shop: %s</h1>
                <button id="buy" data-fast-goal="checkout_click" data-fast-goal-plan-name="pro">Buy</button>
                <a id="outbound" href="https://docs.example.org/guide">Read the guide</a>
                <button id="navigate">Go to pricing</button>
                <script>
                  document.getElementById("outbound").addEventListener("click", function (e) { e.preventDefault(); });
                  document.getElementById("navigate").addEventListener("click", function () {
                    history.pushState({}, "", "/test-site/pricing?site=%s");
                    history.replaceState({}, "", "/test-site/pricing?site=%s");
                  });
                </script>
                </body></html>
                """.formatted(site, allowLocalhost ? " data-allow-localhost=\"true\"" : "", page, site, site);
        return HttpResponse.ok(html);
    }
}
