package dev.lectern.recording;

import java.util.Locale;

/** A workshop's {@code recordingStatus}; {@code none} is the absence of a recording row. */
public enum RecordingStatus {
    STARTING,
    RECORDING,
    STOPPING,
    STOPPED,
    FAILED,
    SKIPPED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RecordingStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
