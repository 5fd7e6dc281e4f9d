package dev.lectern.workshop;

import java.time.Instant;

/**
 * One user's record in one workshop.
 *
 * @param admission the waiting room's verdict (CONTRACT §7.2): null (none yet), {@code admitted} or {@code denied}
 */
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
        long presentMs,
        boolean panelist,
        String admission) {}
