package dev.lectern.workshop;

import java.util.Locale;

/** Where a workshop is in its life; {@link Transition} says how it moves. */
public enum WorkshopStatus {
    SCHEDULED,
    LOBBY,
    LIVE,
    ENDED,
    CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkshopStatus fromWire(String value) {
        for (WorkshopStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown workshop status: " + value);
    }

    /** Open for joining the room: members may be present. */
    public boolean isOpen() {
        return this == LOBBY || this == LIVE;
    }
}
