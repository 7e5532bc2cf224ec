/**
 * Meridian's core as a library: {@link dev.meridian.core.Meridian} and its builder, the in-memory store
 * ({@code store}), the conversion model's scoring rules for a service that supplies or tests its own ({@code scoring}),
 * and the exchange rates the builder takes ({@code revenue.CurrencyRates}). The use cases behind the ports (tracking,
 * the map, payments, import, access, administration) and their helpers are not exported: a caller reaches them
 * through the {@code dev.meridian.ports} interfaces {@code Meridian} returns. {@code ModuleBoundaryTest} checks that a
 * module requiring this one compiles against the exported packages and cannot read the others.
 */
module dev.meridian.core {
    requires transitive dev.meridian.ports;

    exports dev.meridian.core;
    exports dev.meridian.core.revenue;
    exports dev.meridian.core.scoring;
    exports dev.meridian.core.store;
}
