package dev.meridian.useragent;

/**
 * What a parser library said about a User-Agent, in the library's own words (before {@link Vocabulary} turns them
 * into ours). Each name may be {@code null}: the library did not say.
 *
 * @param browser the library's agent name ({@code SamsungBrowser}, {@code Chrome Mobile iOS})
 * @param os the library's operating system name ({@code Windows NT}, {@code Mac OS X})
 * @param deviceClass the library's device class ({@code Phone}, {@code Tablet}); already ours for libraries
 *     that have none
 * @param robot the library classifies the agent as a crawler, script, tool or attack
 */
record ParsedUserAgent(String browser, String os, String deviceClass, boolean robot) {}
