package dev.lectern.workshop;

import java.time.Instant;

/**
 * Published once per lifecycle transition and delivered only after its transaction commits: signaling
 * broadcasts {@code workshop:state-changed}, recording starts or stops, nobody delays the caller.
 */
public record WorkshopTransitioned(
        long workshopId,
        String agoraChannel,
        WorkshopStatus from,
        WorkshopStatus to,
        Instant startedAt,
        Instant endedAt,
        Cause cause) {

    /** Who moved the workshop. */
    public enum Cause {
        HOST,
        LOBBY_JOB,
        NO_SHOW_JOB
    }
}
