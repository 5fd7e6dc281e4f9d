package dev.lectern.recording;

import java.time.Duration;

/** Waits out a retry backoff; injected so tests need not sleep for Agora's multi-second schedules. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper threadSleep() {
        return Thread::sleep;
    }
}
