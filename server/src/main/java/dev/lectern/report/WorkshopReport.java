package dev.lectern.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The report of CONTRACT §7.6, field for field; also the {@code data} of the {@code report.ready} webhook. */
public record WorkshopReport(
        long workshopId,
        Instant startedAt,
        Instant endedAt,
        int uniqueAttendees,
        int peakConcurrent,
        long averagePresentMs,
        long chatMessages,
        long questions,
        long pollVotes,
        long reactions,
        List<MinuteCounts> reactionsPerMinute,
        List<AttendeeLine> attendees) {

    public record MinuteCounts(Instant minute, Map<String, Long> counts) {}

    public record Session(Instant joinedAt, Instant leftAt) {}

    public record AttendeeLine(
            long userId,
            String displayName,
            List<Session> sessions,
            long presentMs,
            int chatMessages,
            int questionsAsked,
            int pollsAnswered,
            int handRaises) {}
}
