package dev.meridian.useragent;

import dev.meridian.ports.model.DeviceDetails;

/**
 * What a parser library said about a User-Agent, in the library's own words (before {@link Vocabulary} turns them
 * into ours). Each name may be {@code null}: the library did not say.
 *
 * @param browser the library's agent name ({@code SamsungBrowser}, {@code Chrome Mobile iOS})
 * @param os the library's operating system name ({@code Windows NT}, {@code Mac OS X})
 * @param deviceClass the library's device class ({@code Phone}, {@code Tablet}); already ours for libraries
 *     that have none
 * @param robot the library classifies the agent as a crawler, script, tool or attack
 * @param details versions, maker and model, already with {@code null} for the library's "unknown"
 */
record ParsedUserAgent(String browser, String os, String deviceClass, boolean robot, DeviceDetails details) {

    ParsedUserAgent {
        details = details == null ? DeviceDetails.UNKNOWN : details;
    }

    /** Without versions, maker or model (a library that gives none). */
    ParsedUserAgent(String browser, String os, String deviceClass, boolean robot) {
        this(browser, os, deviceClass, robot, DeviceDetails.UNKNOWN);
    }
}
