package dev.lectern.workshop;

import java.util.Locale;

/** An attendee record's status (CONTRACT §3). */
public enum AttendeeStatus {
    INVITED,
    RSVP,
    JOINED,
    LEFT,
    REMOVED,
    NO_SHOW;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AttendeeStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
