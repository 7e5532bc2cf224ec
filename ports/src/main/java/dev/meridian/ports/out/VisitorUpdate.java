package dev.meridian.ports.out;

import dev.meridian.ports.model.VisitorState;
import java.util.Optional;

/**
 * How one event changes a visitor's state. Storage stores what it returns for the visitor's current state only, as
 * if it held that visitor exclusively, so concurrent events of one visitor never lose an update. It may be applied
 * more than once for one event (a storage may apply it to a state it then finds outdated, and retries): it must
 * have no effect other than its result.
 */
@FunctionalInterface
public interface VisitorUpdate {

    /**
     * @param current the stored state, empty for a visitor never seen
     * @return the state to store
     */
    VisitorState apply(Optional<VisitorState> current);
}
