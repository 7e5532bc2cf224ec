package dev.meridian.ports.error;

/**
 * Storage cannot be reached or refuses writes right now (down, read-only, disk full, overloaded); the client should
 * retry later.
 *
 * <p>Usually nothing of the request was stored. Not when {@link #mayHaveBeenStored()}: storage took the write but did
 * not confirm it in time, and it may still be stored after this is thrown, so a retry can store it twice (docs/api.md
 * §3). A connection that breaks while a write commits leaves its outcome unknown as well; storage cannot always tell
 * that case apart.
 */
public final class StorageUnavailableException extends MeridianException {

    private final boolean mayHaveBeenStored;

    public StorageUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param mayHaveBeenStored the write was handed to storage and may complete after this is thrown */
    public StorageUnavailableException(String message, Throwable cause, boolean mayHaveBeenStored) {
        super(message, cause);
        this.mayHaveBeenStored = mayHaveBeenStored;
    }

    /** Whether storage took the write without confirming it in time, so it may still be stored. */
    public boolean mayHaveBeenStored() {
        return mayHaveBeenStored;
    }
}
