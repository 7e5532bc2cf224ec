package dev.meridian.useragent;

import java.util.Set;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * uap-java (ua-parser's regexes) for the library comparison only: production uses {@link YauaaAgentParser}.
 * ua-parser names a device model but no device class, so the class is derived here as well as that allows.
 */
final class UapAgentParser implements AgentParser {

    private static final Set<String> TABLETS = Set.of("iPad", "Generic Tablet", "Kindle");
    private static final Set<String> PHONES = Set.of("iPhone", "iPod", "Generic Smartphone", "Generic Feature Phone");

    private final Parser parser = new Parser();

    @Override
    public ParsedUserAgent parse(String userAgent) {
        Client client = parser.parse(userAgent);
        String device = client.device == null ? "Other" : client.device.family;
        String os = client.os == null ? null : client.os.family;
        boolean robot = "Spider".equals(device);
        return new ParsedUserAgent(
                client.userAgent == null ? null : client.userAgent.family, os, deviceClass(device, os, userAgent), robot);
    }

    private static String deviceClass(String device, String os, String userAgent) {
        if (TABLETS.contains(device)) {
            return "tablet";
        }
        if (PHONES.contains(device)) {
            return "mobile";
        }
        if ("Android".equals(os)) {
            return userAgent.contains("Mobile") ? "mobile" : "tablet";
        }
        if (Set.of("Windows", "Mac OS X", "Linux", "Ubuntu", "Fedora", "Chrome OS").contains(os)) {
            return "desktop";
        }
        return null;
    }
}
