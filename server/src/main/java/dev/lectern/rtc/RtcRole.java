package dev.lectern.rtc;

import java.util.List;

/**
 * What a token lets its holder do in the channel, mapped to privileges as Agora's RtcTokenBuilder2
 * maps its roles. The role itself is not in the token; Agora enforces the subscriber's missing
 * publish privileges only once "co-host authentication" is enabled for the project.
 */
public enum RtcRole {

    /** Join and publish audio, video and data streams (privileges 1, 2, 3, 4). */
    PUBLISHER(List.of(
            RtcRole.JOIN_CHANNEL,
            RtcRole.PUBLISH_AUDIO_STREAM,
            RtcRole.PUBLISH_VIDEO_STREAM,
            RtcRole.PUBLISH_DATA_STREAM)),

    /** Join only (privilege 1). */
    SUBSCRIBER(List.of(RtcRole.JOIN_CHANNEL));

    // Qualified above because enum constants precede these; they are compile-time constants, so inlined.
    static final int JOIN_CHANNEL = 1;
    static final int PUBLISH_AUDIO_STREAM = 2;
    static final int PUBLISH_VIDEO_STREAM = 3;
    static final int PUBLISH_DATA_STREAM = 4;

    @SuppressWarnings("ImmutableEnumChecker") // List.copyOf: unmodifiable, though its type cannot say so
    private final List<Integer> privileges;

    RtcRole(List<Integer> privileges) {
        this.privileges = List.copyOf(privileges);
    }

    List<Integer> privileges() {
        return privileges;
    }
}
