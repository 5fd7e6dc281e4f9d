package dev.lectern.workshop;

import java.time.Instant;
import java.util.List;

/**
 * What a client needs to draw a workshop's room: roles, the hand queue (oldest first) and who is
 * present now. {@code panelistIds} (members marked {@code is_panelist}) are on the stage of a big room
 * with the host, co-hosts, speakers and raised hands (docs/signaling.md, "Big rooms").
 */
public record RoomState(
        long workshopId,
        WorkshopStatus status,
        long hostId,
        List<Long> coHostIds,
        List<Long> speakerIds,
        List<RaisedHand> raisedHands,
        List<Person> attendees,
        Instant startedAt,
        Instant endedAt,
        List<Long> panelistIds) {

    public record RaisedHand(long userId, Instant raisedAt) {}

    /**
     * @param canSpeak may publish media: host, co-host, approved speaker or panelist
     * @param isPanelist invited as a panelist (CONTRACT §7.2)
     */
    public record Person(
            long userId,
            String displayName,
            String avatarUrl,
            boolean isHost,
            boolean isCoHost,
            boolean canSpeak,
            boolean isPanelist) {}
}
