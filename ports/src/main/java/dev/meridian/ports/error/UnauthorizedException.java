package dev.meridian.ports.error;

/** Credentials are missing, malformed, unknown or revoked. */
public final class UnauthorizedException extends MeridianException {

    public UnauthorizedException(String message) {
        super(message);
    }
}
