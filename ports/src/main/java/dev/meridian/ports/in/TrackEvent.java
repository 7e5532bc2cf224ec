package dev.meridian.ports.in;

/** Record one event sent by a tracker or SDK (API.md §3). */
public interface TrackEvent {

    /**
     * @throws dev.meridian.ports.error.InvalidInputException naming the field; nothing stored
     * @throws dev.meridian.ports.error.NotFoundException     unknown website tracking id
     */
    TrackResult track(TrackCommand command);
}
