package dev.meridian.ports.in;

import java.util.concurrent.CompletionStage;

/** Record one event sent by a tracker or SDK (API.md §3). */
public interface TrackEvent {

    /**
     * Records the event and returns once it is stored.
     *
     * @throws dev.meridian.ports.error.InvalidInputException naming the field; nothing stored
     * @throws dev.meridian.ports.error.NotFoundException     unknown website tracking id
     * @throws dev.meridian.ports.error.StorageUnavailableException the storage could not store it
     */
    TrackResult track(TrackCommand command);

    /**
     * As {@link #track}, without holding the caller's thread while the storage commits: the checks run before it
     * returns, and a refused command throws as {@link #track} does (nothing queued); the returned stage completes
     * with the result once the event is stored, or exceptionally with the storage's failure
     * ({@link dev.meridian.ports.error.StorageUnavailableException}). The stage may complete on a thread of the
     * storage: what depends on it should be short.
     *
     * @throws dev.meridian.ports.error.InvalidInputException naming the field; nothing stored
     * @throws dev.meridian.ports.error.NotFoundException     unknown website tracking id
     */
    CompletionStage<TrackResult> trackAsync(TrackCommand command);
}
