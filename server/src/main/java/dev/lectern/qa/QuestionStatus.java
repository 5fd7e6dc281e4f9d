package dev.lectern.qa;

import java.util.Locale;

/** A question's place in its life (CONTRACT §7.3). */
public enum QuestionStatus {
    PENDING,
    PUBLISHED,
    ANSWERED,
    DISMISSED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value for a wire name, or null when there is none. */
    public static QuestionStatus fromWire(String value) {
        for (QuestionStatus s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        return null;
    }

    /** Published and answered questions are the room's; pending and dismissed ones only moderators' (and the asker's). */
    public boolean isPublic() {
        return this == PUBLISHED || this == ANSWERED;
    }
}
