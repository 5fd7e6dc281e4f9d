package dev.lectern.workshop;

import java.time.Instant;

/** A workshop row. */
public record Workshop(
        long id,
        String title,
        String description,
        long hostId,
        WorkshopStatus status,
        boolean isPrivate,
        Instant scheduledStart,
        int durationMinutes,
        Integer maxAttendees,
        Long categoryId,
        String agoraChannel,
        Instant startedAt,
        Instant endedAt) {
}
