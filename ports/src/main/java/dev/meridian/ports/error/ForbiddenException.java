package dev.meridian.ports.error;

/** Credentials are valid but may not do this (scope, website access, tracking suspended). */
public final class ForbiddenException extends MeridianException {

    public ForbiddenException(String message) {
        super(message);
    }
}
