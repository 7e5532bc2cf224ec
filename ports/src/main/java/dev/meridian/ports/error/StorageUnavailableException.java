package dev.meridian.ports.error;

/**
 * Storage cannot be reached or refuses writes right now (down, read-only, disk full). Nothing of the
 * request was stored; the client should retry later.
 */
public final class StorageUnavailableException extends MeridianException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
