package dev.lectern.recording;

import java.util.Locale;
import java.util.Objects;

/**
 * One file Agora recorded (NCS {@code fileList}, or the stop/query response). Agora sends only a name
 * when the file list is a plain string (mix mode, HLS only), so the other fields are null then.
 *
 * @param trackType "audio", "video" or "audio_and_video"
 * @param sliceStartTime when recording of this file began, as Agora sent it (see {@link #sliceStartMs()})
 */
public record RecordedFile(String fileName, String trackType, Boolean isPlayable, Long sliceStartTime) {

    public RecordedFile {
        Objects.requireNonNull(fileName, "fileName == null");
    }

    boolean isMp4() {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".mp4");
    }

    boolean isHls() {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".m3u8");
    }

    /**
     * The slice start in epoch milliseconds. Agora documents sliceStartTime in milliseconds for NCS but
     * in seconds for REST responses; a value below 10^11 cannot be milliseconds of this century, so it
     * is taken as seconds.
     */
    Long sliceStartMs() {
        if (sliceStartTime == null || sliceStartTime <= 0) {
            return null;
        }
        return sliceStartTime < 100_000_000_000L ? sliceStartTime * 1000 : sliceStartTime;
    }
}
