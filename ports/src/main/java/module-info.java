/**
 * Meridian's ports: the domain records, the use cases the outside calls ({@code in}), the ports core calls
 * ({@code out}, with {@link dev.meridian.ports.out.Storage}) and the errors both sides share. No dependencies.
 */
module dev.meridian.ports {
    exports dev.meridian.ports.error;
    exports dev.meridian.ports.in;
    exports dev.meridian.ports.model;
    exports dev.meridian.ports.out;
}
