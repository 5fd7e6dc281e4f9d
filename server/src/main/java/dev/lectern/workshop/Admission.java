package dev.lectern.workshop;

import java.util.Locale;

/** Who enters the room (CONTRACT §7.2): everyone at once, or those a moderator admits from a waiting room. */
public enum Admission {
    OPEN,
    WAITING_ROOM;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value for a wire name, or null when there is none (the edges answer {@code invalid_payload}). */
    public static Admission fromWire(String value) {
        for (Admission a : values()) {
            if (a.wire().equals(value)) {
                return a;
            }
        }
        return null;
    }
}
