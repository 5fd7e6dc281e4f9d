package dev.lectern.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One kind of engagement counted for the report. A feature that owns the data implements it as a Spring
 * bean; the report takes every bean it finds (several of one kind are added up) and reports zeros and
 * empty lists for a kind nobody implements. Chat and hand raises are implemented here
 * ({@link ChatEngagement}, {@link HandRaiseEngagement}); questions, poll ballots and reactions are
 * wired in by {@code dev.lectern.qa}, {@code dev.lectern.poll} and {@code dev.lectern.reaction} (the
 * lead adds those beans at merge; until then those counts are zero).
 *
 * <p>Both methods are called inside the report's read-only transaction, so plain {@code JdbcClient}
 * queries see a consistent snapshot. They must not need a caller: the report has checked the rights.
 */
public interface EngagementSource {

    /** The report's counters. */
    enum Kind {
        /** Chat messages sent: {@code chatMessages} in total and per attendee. */
        CHAT,
        /**
         * Questions: {@link #total} is every question asked, dismissed included ({@code questions});
         * {@link #perUser} is {@code questionsAsked} and must leave out anonymous questions, which are
         * anonymous to every reader of the report too.
         */
        QUESTIONS,
        /** Poll ballots, one per voter and poll ({@code pollVotes}, {@code pollsAnswered} per attendee). */
        POLL_VOTES,
        /** Counted reactions ({@code reactions}); {@link #perMinute} gives {@code reactionsPerMinute}. */
        REACTIONS,
        /** Hand raises per attendee ({@code handRaises}). */
        HAND_RAISES
    }

    Kind kind();

    /** Counts per user id; users without any may be left out. */
    Map<Long, Integer> perUser(long workshopId);

    /** The workshop's total (may count more than the attendees' sum: the host's, anonymous ones). */
    long total(long workshopId);

    /** Per UTC minute, only minutes that have some, oldest first (reactions: counts per emoji). */
    default List<Minute> perMinute(long workshopId) {
        return List.of();
    }

    /** One UTC minute ({@code …:00Z}) and its counts by name. */
    record Minute(Instant minute, Map<String, Long> counts) {}
}
