package dev.lectern.recording;

/**
 * One file of a finished recording, as Agora lists it (NCS {@code fileList}, or the stop/query response).
 *
 * @param sliceStartMs when the file's recording began, epoch milliseconds; null when unknown
 */
public record RecordedFile(String fileName, String trackType, Long sliceStartMs) {

    boolean isMp4() {
        return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".mp4");
    }

    boolean isHls() {
        return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".m3u8");
    }

    /**
     * Agora documents sliceStartTime in milliseconds for NCS but in seconds for REST responses; a
     * value below 10^11 cannot be milliseconds of this century, so it is taken as seconds.
     */
    static Long normalizeEpoch(Long value) {
        if (value == null || value <= 0) {
            return null;
        }
        return value < 100_000_000_000L ? value * 1000 : value;
    }
}
