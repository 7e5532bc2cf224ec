package dev.meridian.ports.error;

/** The website or visitor named by the request does not exist. */
public final class NotFoundException extends MeridianException {

    public NotFoundException(String message) {
        super(message);
    }
}
