package dev.lectern.recording;

import java.time.Instant;

/** The cloud recording of one workshop. */
record Recording(
        long workshopId,
        RecordingStatus status,
        Long recorderUid,
        String resourceId,
        String sid,
        Instant startedAt,
        Instant stoppedAt,
        Long sliceStartMs,
        String fileList,
        String error) {}
