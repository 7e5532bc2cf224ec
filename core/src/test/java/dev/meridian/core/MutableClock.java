package dev.meridian.core;

import dev.meridian.ports.out.Clock;
import java.time.Duration;
import java.time.Instant;

/** A clock tests move by hand. */
public final class MutableClock implements Clock {

    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public MutableClock() {
        this(Instant.parse("2026-02-06T05:27:20.000Z"));
    }

    @Override
    public Instant now() {
        return now;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    public void set(Instant at) {
        now = at;
    }
}
