package dev.meridian.ports.error;

/** The input breaks a rule; the message names the field. Nothing was stored. */
public final class InvalidInputException extends MeridianException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field's wire name. */
    public String field() {
        return field;
    }
}
