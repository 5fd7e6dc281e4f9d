package dev.lectern.recording;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a composite (mix) recording needs beyond the channel: the recorder's RTC token, where files
 * go, and how streams are mixed.
 *
 * @param token RTC token for the recorder uid, or null when the App Certificate is off. Agora cannot
 *     renew it, so it must outlive the longest recording
 * @param channelType 0 communication or 1 live broadcasting; must match the clients' channel profile
 * @param maxIdleTime seconds with nobody in the channel before Agora stops recording by itself
 * @param avFileType {@code ["hls"]} or {@code ["hls","mp4"]}; Agora refuses {@code ["mp4"]} alone
 */
public record StartRequest(
        String token,
        Storage storage,
        int channelType,
        int maxIdleTime,
        List<String> avFileType,
        Transcoding transcoding) {

    public static final int CHANNEL_TYPE_COMMUNICATION = 0;
    public static final int CHANNEL_TYPE_LIVE = 1;

    public StartRequest {
        Objects.requireNonNull(storage, "storage == null");
        Objects.requireNonNull(transcoding, "transcoding == null");
        avFileType = List.copyOf(avFileType);
        if (channelType != CHANNEL_TYPE_COMMUNICATION && channelType != CHANNEL_TYPE_LIVE) {
            throw new IllegalArgumentException("channelType must be 0 or 1, was " + channelType);
        }
        if (maxIdleTime < 5 || maxIdleTime > 2_592_000) {
            throw new IllegalArgumentException("maxIdleTime must be in 5..2592000 seconds, was " + maxIdleTime);
        }
        if (!avFileType.contains("hls") || !List.of("hls", "mp4").containsAll(avFileType)) {
            throw new IllegalArgumentException("avFileType must be [hls] or [hls, mp4], was " + avFileType);
        }
    }

    /** Live channel, HLS + MP4, 720p best-fit mix, and the 300 s idle limit Agora recommends. */
    public static StartRequest of(String token, Storage storage) {
        return new StartRequest(token, storage, CHANNEL_TYPE_LIVE, 300, List.of("hls", "mp4"), Transcoding.defaults());
    }

    /** The token is a credential to the channel: keep it out of logs. */
    @Override
    public String toString() {
        return "StartRequest[token=" + (token == null ? "null" : "***") + ", storage=" + storage
                + ", channelType=" + channelType + ", maxIdleTime=" + maxIdleTime + ", avFileType=" + avFileType
                + ", transcoding=" + transcoding + "]";
    }

    /**
     * Third-party storage Agora uploads to.
     *
     * @param vendor 1 Amazon S3, 2 Alibaba, 3 Tencent, 5 Azure, 6 Google, ... (Agora's numbering)
     * @param region the vendor's region as Agora numbers it (S3: 0 us-east-1, 4 eu-west-1, 7 eu-central-1, ...)
     * @param fileNamePrefix directory segments of letters and digits, at most 128 characters together
     */
    public record Storage(
            int vendor, int region, String bucket, String accessKey, String secretKey, List<String> fileNamePrefix) {

        private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9]+");

        public Storage {
            Objects.requireNonNull(bucket, "bucket == null");
            Objects.requireNonNull(accessKey, "accessKey == null");
            Objects.requireNonNull(secretKey, "secretKey == null");
            fileNamePrefix = List.copyOf(fileNamePrefix);
            if (!fileNamePrefix.stream()
                            .allMatch(segment -> SEGMENT.matcher(segment).matches())
                    || String.join("/", fileNamePrefix).length() > 128) {
                throw new IllegalArgumentException("fileNamePrefix segments must be letters and digits, "
                        + "128 characters in all: " + fileNamePrefix);
            }
        }

        @Override
        public String toString() {
            return "Storage[vendor=" + vendor + ", region=" + region + ", bucket=" + bucket + ", accessKey=" + accessKey
                    + ", secretKey=***, fileNamePrefix=" + fileNamePrefix + "]";
        }
    }

    /**
     * The mixed picture. {@code mixedVideoLayout}: 0 floating, 1 best fit, 2 vertical, 3 custom.
     *
     * @param bitrate Kbps
     */
    public record Transcoding(int width, int height, int fps, int bitrate, int mixedVideoLayout) {

        public Transcoding {
            if (width <= 0 || height <= 0 || fps <= 0 || bitrate <= 0 || mixedVideoLayout < 0 || mixedVideoLayout > 3) {
                throw new IllegalArgumentException("invalid transcoding " + width + "x" + height + "@" + fps + " "
                        + bitrate + " Kbps layout " + mixedVideoLayout);
            }
        }

        /** 1280x720 at 15 fps and 1130 Kbps, Agora's reference bitrate for that size; best-fit layout. */
        public static Transcoding defaults() {
            return new Transcoding(1280, 720, 15, 1130, 1);
        }
    }
}
