package dev.lectern.workshop;

import java.time.Instant;

/** A workshop as the API shows it (CONTRACT §3). */
public record WorkshopView(
        long id,
        String title,
        String description,
        long hostId,
        String status,
        boolean isPrivate,
        Instant scheduledStart,
        int durationMinutes,
        Integer maxAttendees,
        Long categoryId,
        String agoraChannel,
        Instant startedAt,
        Instant endedAt,
        String recordingStatus,
        int attendeeCount,
        String admission,
        String qaMode,
        boolean qaAnonymous) {}
