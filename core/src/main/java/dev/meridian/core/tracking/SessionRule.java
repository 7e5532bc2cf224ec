package dev.meridian.core.tracking;

import dev.meridian.ports.model.VisitorState;
import java.time.Duration;
import java.time.Instant;

/**
 * When a visit starts: a visitor's first event, an event after 30 minutes without events, or an event that
 * carries another session id than the current one (the tracker's session cookie ended).
 */
public final class SessionRule {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

    private final Duration idleTimeout;

    public SessionRule(Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
        this.idleTimeout = idleTimeout;
    }

    public SessionRule() {
        this(DEFAULT_IDLE_TIMEOUT);
    }

    /**
     * @param clientSessionId the session id the client sent, or {@code null} (cookieless)
     */
    public boolean startsNewSession(VisitorState current, Instant at, String clientSessionId) {
        boolean idle = !at.isBefore(current.lastSeenAt().plus(idleTimeout));
        boolean otherSession = clientSessionId != null && !clientSessionId.equals(current.sessionId());
        return idle || otherSession;
    }
}
