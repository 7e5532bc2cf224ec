package dev.meridian.ports.out;

import dev.meridian.ports.model.VisitorState;
import java.util.Optional;

/**
 * How one event changes a visitor's state. Storage applies it to the visitor's current state while it
 * holds that visitor exclusively, so concurrent events of one visitor never lose an update.
 */
@FunctionalInterface
public interface VisitorUpdate {

    /**
     * @param current the stored state, empty for a visitor never seen
     * @return the state to store
     */
    VisitorState apply(Optional<VisitorState> current);
}
