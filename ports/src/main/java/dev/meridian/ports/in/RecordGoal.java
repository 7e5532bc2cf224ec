package dev.meridian.ports.in;

/** Record a custom goal of a visitor, sent by the website's backend (API.md §4). */
public interface RecordGoal {

    /**
     * Stores a {@code custom} event for the visitor.
     *
     * @return the stored event's id
     * @throws dev.meridian.ports.error.InvalidInputException naming the field; nothing stored
     * @throws dev.meridian.ports.error.NotFoundException     unknown website, or a visitor without a pageview on it
     */
    String record(GoalCommand command);
}
