package dev.meridian.app;

import dev.meridian.ports.out.DeviceDetector;
import dev.meridian.useragent.RememberedClassifications;
import dev.meridian.useragent.RememberedClassificationsFile;
import dev.meridian.useragent.UserAgentDeviceDetector;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.util.StringUtils;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The User-Agents this server classified most, remembered in {@code $MERIDIAN_DATA_DIR/}{@value #FILE_NAME} for its
 * next start ({@code meridian.user-agent-remembered} of them, 0 = none; docs/user-agents.md, "Loading"): read once
 * when the detector is built, written by {@link RememberedUserAgentsSaving} every few minutes and at shutdown. The
 * import command neither reads nor writes it.
 */
@Singleton
@Requires(notEnv = Application.CLI_ENVIRONMENT)
@Requires(property = "meridian.enrichment.enabled", notEquals = StringUtils.FALSE)
public class RememberedUserAgents {

    static final String FILE_NAME = "remembered-user-agents";

    private static final Logger LOG = LoggerFactory.getLogger(RememberedUserAgents.class);

    private final RememberedClassificationsFile file;
    private final int count;

    public RememberedUserAgents(@Value("${meridian.data-dir}") String dataDir,
            @Value("${meridian.user-agent-remembered:1000}") int count) {
        if (count < 0 || count > RememberedClassificationsFile.MAX_ENTRIES) {
            throw new IllegalArgumentException("meridian.user-agent-remembered (MERIDIAN_USER_AGENT_REMEMBERED) must be "
                    + "between 0 and " + RememberedClassificationsFile.MAX_ENTRIES + ", got " + count);
        }
        this.file = new RememberedClassificationsFile(Path.of(dataDir).resolve(FILE_NAME));
        this.count = count;
    }

    /**
     * What {@link Application#main} can see before the configuration is read: whether the next context will probably
     * find remembered classifications (the setting, where cheap to see, is not 0 and the file's header names this
     * build). Only the timing of the parser's load depends on this guess.
     */
    static boolean probablyRemembered(Map<String, String> environment, String dataDirProperty, String countProperty) {
        String setting = countProperty != null ? countProperty : environment.get("MERIDIAN_USER_AGENT_REMEMBERED");
        if (setting != null && setting.strip().equals("0")) {
            return false;
        }
        String dataDir = dataDirProperty != null ? dataDirProperty
                : environment.getOrDefault("MERIDIAN_DATA_DIR", System.getProperty("user.home") + "/.meridian");
        try {
            return new RememberedClassificationsFile(Path.of(dataDir).resolve(FILE_NAME)).looksUsable();
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** The classifications remembered by the last run of this build; none when turned off or unusable. */
    RememberedClassifications atStart() {
        if (count == 0) {
            return RememberedClassifications.NONE;
        }
        RememberedClassifications remembered = file.read().map(r -> r.first(count))
                .orElse(RememberedClassifications.NONE);
        if (!remembered.isEmpty()) {
            LOG.info("User-Agents: {} classifications remembered from {} answer at once; the parser loads once the "
                    + "server listens", remembered.size(), file.path());
        }
        return remembered;
    }

    /**
     * Asks the loaded parser for every remembered User-Agent (which makes them ordinary cache entries) and, when any
     * answer differs (a build change the fingerprint missed), logs a WARN and deletes the file.
     */
    void recheck(DeviceDetector parser, RememberedClassifications remembered) {
        if (!(parser instanceof UserAgentDeviceDetector detector)) {
            return;
        }
        List<String> differing = detector.disagreements(remembered);
        if (!differing.isEmpty()) {
            LOG.warn("User-Agents: the parser classifies {} of the {} remembered User-Agents otherwise (first: {}); {} "
                    + "deleted: the parser answers them from now on", differing.size(), remembered.size(),
                    differing.get(0), file.path());
            file.delete();
        }
    }

    /**
     * Writes the hottest classifications of the loaded parser's cache; nothing while the parser loads, or when the
     * cache is empty (the file of the last run stays).
     */
    void save(DeviceDetector detector) {
        if (count == 0 || !(detector instanceof BackgroundLoadedDeviceDetector background)) {
            return;
        }
        background.loadedDetector()
                .filter(UserAgentDeviceDetector.class::isInstance)
                .map(loaded -> ((UserAgentDeviceDetector) loaded).hottest(count))
                .filter(hottest -> !hottest.isEmpty())
                .ifPresent(hottest -> {
                    try {
                        int written = file.write(hottest);
                        LOG.debug("User-Agents: {} classifications remembered in {}", written, file.path());
                    } catch (UncheckedIOException e) {
                        LOG.warn("User-Agents: could not remember classifications in {}: {}", file.path(),
                                e.getCause().toString());
                    }
                });
    }

    Path path() {
        return file.path();
    }
}
