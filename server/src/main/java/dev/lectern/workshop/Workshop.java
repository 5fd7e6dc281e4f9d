package dev.lectern.workshop;

import java.time.Instant;

/** A workshop row, with the webinar settings of CONTRACT §7. */
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
        Instant endedAt,
        Admission admission,
        QaMode qaMode,
        boolean qaAnonymous) {}
