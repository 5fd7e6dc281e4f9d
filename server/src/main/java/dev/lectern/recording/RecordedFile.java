package dev.lectern.recording;

import java.util.Objects;

/**
 * One file Agora recorded. Agora sends only a name when the file list is a plain string (mix mode,
 * HLS only), so the other fields are null then.
 *
 * @param trackType "audio", "video" or "audio_and_video"
 * @param sliceStartTime when recording of this file began (Unix time; Agora's docs disagree on
 *     seconds vs milliseconds, so check before relying on the unit)
 */
public record RecordedFile(String fileName, String trackType, Boolean isPlayable, Long sliceStartTime) {

    public RecordedFile {
        Objects.requireNonNull(fileName, "fileName == null");
    }
}
