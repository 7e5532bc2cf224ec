package dev.meridian.ports.error;

/** The request cannot be done in the current state (e.g. revoking the last token with full access). */
public final class ConflictException extends MeridianException {

    public ConflictException(String message) {
        super(message);
    }
}
