package dev.meridian.ports.out;

import java.time.Instant;

/** Time, so that tests and imports control "now". */
@FunctionalInterface
public interface Clock {

    Instant now();

    static Clock system() {
        return Instant::now;
    }
}
