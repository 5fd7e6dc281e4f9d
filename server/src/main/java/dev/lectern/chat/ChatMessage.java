package dev.lectern.chat;

import java.time.Instant;

/**
 * A persisted chat message. {@code offsetMs} is the time since the workshop went live (0 before),
 * for replay beside the recording.
 */
public record ChatMessage(
        long id,
        long workshopId,
        long userId,
        String displayName,
        String avatarUrl,
        String message,
        long offsetMs,
        Instant createdAt) {}
