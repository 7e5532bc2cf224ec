package dev.meridian.ports.model;

/**
 * What a User-Agent says beyond {@link SystemInfo}: versions and the device's maker and model, as the parser gives
 * them ({@code 126}, {@code 17.5}, {@code Samsung}, {@code SM-S918B}). Each field may be {@code null}: unknown (the
 * parser did not say, or a reduced User-Agent hides it).
 */
public record DeviceDetails(String browserVersion, String osVersion, String vendor, String model) {

    public static final DeviceDetails UNKNOWN = new DeviceDetails(null, null, null, null);
}
