package dev.meridian.ports.error;

/**
 * A failure the caller can act on. Each subtype maps to one HTTP status in the HTTP adapter; the message
 * is safe to show to the client (it never contains a credential).
 */
public abstract class MeridianException extends RuntimeException {

    protected MeridianException(String message) {
        super(message);
    }

    protected MeridianException(String message, Throwable cause) {
        super(message, cause);
    }
}
