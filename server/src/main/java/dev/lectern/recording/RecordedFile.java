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

    /** A relative path of plain segments; no segment starts with a dot, so neither {@code ..} nor a hidden name. */
    private static final java.util.regex.Pattern SAFE_NAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");

    /**
     * Why this name may not become a video URL, or null if it may: the URL is the public base URL plus the
     * name, so an absolute path, a scheme ({@code javascript:}, {@code https:}) or {@code ..} would point
     * anywhere. Agora's own names ({@code <sid>_<cname>.m3u8}, {@code <sid>_<cname>_0.mp4}, under the
     * storage prefix) pass.
     */
    String unsafeReason() {
        if (fileName.length() > 1000) {
            return "longer than 1000 characters";
        }
        if (fileName.startsWith("/") || fileName.startsWith("\\")) {
            return "an absolute path";
        }
        if (fileName.indexOf(':') >= 0) {
            return "has a scheme or a colon";
        }
        if (fileName.contains("..")) {
            return "contains '..'";
        }
        if (!SAFE_NAME.matcher(fileName).matches()) {
            return "characters other than letters, digits, '.', '_', '-' and '/' between segments";
        }
        return null;
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
