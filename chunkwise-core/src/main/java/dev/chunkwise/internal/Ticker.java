package dev.chunkwise.internal;

/** A source of monotonic nanoseconds, injectable so that timing logic is testable without sleeping. */
@FunctionalInterface
public interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
