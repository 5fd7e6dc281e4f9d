package dev.lectern.workshop;

import java.time.Instant;

/** One user's record in one workshop. */
public record Attendee(
        long workshopId,
        long userId,
        AttendeeStatus status,
        Instant invitedAt,
        boolean coHost,
        boolean canSpeak,
        Instant handRaisedAt,
        Instant joinedAt,
        Instant leftAt,
        Instant firstJoinedAt,
        long presentMs) {
}
