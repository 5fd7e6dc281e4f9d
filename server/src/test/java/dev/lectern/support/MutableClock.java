package dev.lectern.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move forward by hand; it never moves back, so timestamps stay ordered. */
public final class MutableClock extends Clock {

    private volatile Instant offsetBase = Instant.now();
    private volatile long offsetNanosFromReal;
    private final long realBase = System.nanoTime();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** Real time plus everything {@link #advance} added. */
    @Override
    public Instant instant() {
        return offsetBase.plusNanos(System.nanoTime() - realBase + offsetNanosFromReal);
    }

    public void advance(Duration by) {
        offsetNanosFromReal += by.toNanos();
    }
}
