package dev.lectern.library;

import java.time.Instant;

/** A video in the library (CONTRACT §3). */
public record Video(
        long id,
        String title,
        String description,
        String url,
        Long durationMs,
        long workshopId,
        long hostId,
        Long categoryId,
        Instant createdAt) {}
