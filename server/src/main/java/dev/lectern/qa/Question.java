package dev.lectern.qa;

import java.time.Instant;

/**
 * A question as every reader sees it: for an anonymous one {@code userId} and {@code displayName} are
 * null, whoever reads it (moderators included). The author of an anonymous question never leaves
 * {@link QaService}.
 *
 * @param answer null until answered (and again after a reopen)
 */
public record Question(
        long id,
        long workshopId,
        Long userId,
        String displayName,
        boolean anonymous,
        String text,
        QuestionStatus status,
        int upvotes,
        Answer answer,
        Instant createdAt,
        long offsetMs) {

    /** A written answer ({@code text}) or "answered live" ({@code live}, {@code text} null). */
    public record Answer(String text, boolean live, long userId, String displayName, Instant answeredAt) {}

    Question withUpvotes(int count) {
        return new Question(
                id, workshopId, userId, displayName, anonymous, text, status, count, answer, createdAt, offsetMs);
    }
}
