package dev.meridian.ports.in;

/**
 * A website to create (API.md §6). {@code name}, {@code currency} and {@code timezone} may be null for
 * their defaults (the domain, {@code USD}, {@code UTC}).
 */
public record NewWebsite(String domain, String name, String currency, String timezone) {
}
