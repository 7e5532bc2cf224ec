package dev.meridian.ports.in;

/** Tell who a visitor is, from the website's backend (API.md §4). */
public interface Identify {

    /**
     * Stores an {@code identify} event and the visitor's new profile.
     *
     * @return the profile id: the stored identify event's id
     * @throws dev.meridian.ports.error.InvalidInputException naming the field; nothing stored
     * @throws dev.meridian.ports.error.NotFoundException     unknown website, or a visitor never seen on it
     */
    String identify(IdentifyCommand command);
}
