package dev.meridian.app.browser;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a browser test class where Chromium and chromedriver are found ({@link HeadlessChromium}); elsewhere
 * skips it before its server starts, printing one line (once per test JVM) that says what is missing and how to
 * install it. With {@code MERIDIAN_REQUIRE_BROWSER=true} it never skips: the class runs and fails on the
 * missing browser.
 */
final class BrowserAvailable implements ExecutionCondition {

    private static final AtomicBoolean TOLD = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ConditionEvaluationResult result = decide(System.getenv());
        if (result.isDisabled() && TOLD.compareAndSet(false, true)) {
            System.out.println(result.getReason().orElseThrow());
        }
        return result;
    }

    static ConditionEvaluationResult decide(Map<String, String> environment) {
        HeadlessChromium.Binaries binaries = HeadlessChromium.Binaries.in(environment);
        if (binaries.found()) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver found");
        }
        if (HeadlessChromium.required(environment)) {
            return ConditionEvaluationResult.enabled(HeadlessChromium.REQUIRE + "=true: runs, and fails on "
                    + binaries.missing());
        }
        return ConditionEvaluationResult.disabled("Browser tests skipped: " + binaries.missing() + ". To run them: "
                + HeadlessChromium.INSTALL + " (" + HeadlessChromium.REQUIRE + "=true makes this a failure).");
    }
}
