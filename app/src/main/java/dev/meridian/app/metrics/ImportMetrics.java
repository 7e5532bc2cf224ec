package dev.meridian.app.metrics;

import dev.meridian.ports.in.ImportHistory;
import dev.meridian.ports.in.ImportReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;

/**
 * {@value #LINES}{result}: lines of finished imports ({@code POST /api/v1/import}), {@code accepted} or
 * {@code rejected}, added when each import ends. Wraps the {@link ImportHistory} bean as it is created.
 */
@Context // its meters exist (at zero) from start-up, before the first use
public class ImportMetrics implements BeanCreatedEventListener<ImportHistory> {

    static final String LINES = "meridian.import.lines";

    private final Counter accepted;
    private final Counter rejected;

    public ImportMetrics(MeterRegistry registry) {
        this.accepted = lines(registry, "accepted");
        this.rejected = lines(registry, "rejected");
    }

    private static Counter lines(MeterRegistry registry, String result) {
        return Counter.builder(LINES)
                .description("Lines of finished imports, accepted or rejected")
                .tag("result", result)
                .register(registry);
    }

    @Override
    public ImportHistory onCreated(BeanCreatedEvent<ImportHistory> event) {
        ImportHistory imports = event.getBean();
        return (websiteId, lines) -> {
            ImportReport report = imports.run(websiteId, lines);
            accepted.increment(report.accepted());
            rejected.increment(report.rejected());
            return report;
        };
    }
}
