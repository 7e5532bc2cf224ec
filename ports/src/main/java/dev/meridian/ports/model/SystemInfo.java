package dev.meridian.ports.model;

/**
 * Browser, operating system and device class of a visitor, in the hosted product's vocabulary
 * ({@code Chrome}, {@code Mac OS}, {@code desktop}). Each field may be {@code null}: unknown.
 */
public record SystemInfo(String browser, String os, String deviceType) {

    public static final SystemInfo UNKNOWN = new SystemInfo(null, null, null);
}
