package dev.lectern.recording;

import java.util.Locale;

/** The Cloud Recording calls this client makes; retry schedules and special replies depend on which. */
enum Operation {
    ACQUIRE,
    START,
    QUERY,
    STOP;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
