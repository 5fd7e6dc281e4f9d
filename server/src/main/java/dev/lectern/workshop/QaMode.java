package dev.lectern.workshop;

import java.util.Locale;

/** How questions reach the room (CONTRACT §7.3): at once, after a moderator publishes them, or not at all. */
public enum QaMode {
    OPEN,
    MODERATED,
    OFF;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value for a wire name, or null when there is none (the edges answer {@code invalid_payload}). */
    public static QaMode fromWire(String value) {
        for (QaMode m : values()) {
            if (m.wire().equals(value)) {
                return m;
            }
        }
        return null;
    }
}
