package dev.lectern.signaling;

import dev.lectern.qa.AnswerText;
import dev.lectern.qa.QuestionText;
import dev.lectern.system.LecternException.InvalidPayload;
import java.util.Map;

/**
 * The Q&A fields of a {@code qa:*} event, checked by hand like the rest of {@link Inbound}.
 *
 * @param text the question (for {@code qa:ask}), else null
 * @param questionId 0 for {@code qa:ask}
 * @param answer the written answer of a {@code qa:answer}; null for an answer given live (and for other events)
 */
record QaInbound(QuestionText text, boolean anonymous, long questionId, AnswerText answer) {

    /** Raw text longer than this is refused before trimming; the real rules are the value types'. */
    static final int MAX_RAW_TEXT = 4 * AnswerText.MAX_LENGTH;

    static QaInbound ask(Map<?, ?> body) {
        if (!(body.get("text") instanceof String text) || text.length() > 4 * QuestionText.MAX_LENGTH) {
            throw QuestionText.invalid();
        }
        Object anonymous = body.get("anonymous");
        if (anonymous != null && !(anonymous instanceof Boolean)) {
            throw new InvalidPayload("anonymous must be true or false", Map.of("anonymous", "must be a boolean"));
        }
        return new QaInbound(QuestionText.of(text), Boolean.TRUE.equals(anonymous), 0, null);
    }

    static QaInbound question(Map<?, ?> body) {
        return new QaInbound(null, false, questionId(body), null);
    }

    /** Exactly one of {@code text} (a string) or {@code live: true}. */
    static QaInbound answer(Map<?, ?> body) {
        long id = questionId(body);
        Object text = body.get("text");
        Object live = body.get("live");
        if (live != null && !(live instanceof Boolean)) {
            throw AnswerText.invalid();
        }
        boolean isLive = Boolean.TRUE.equals(live);
        if (isLive == (text != null)) {
            throw AnswerText.invalid();
        }
        if (isLive) {
            return new QaInbound(null, false, id, null);
        }
        if (!(text instanceof String s) || s.length() > MAX_RAW_TEXT) {
            throw AnswerText.invalid();
        }
        return new QaInbound(null, false, id, AnswerText.of(s));
    }

    private static long questionId(Map<?, ?> body) {
        Object value = body.get("questionId");
        if ((value instanceof Integer || value instanceof Long)
                && ((Number) value).longValue() >= 1
                && ((Number) value).longValue() <= Inbound.MAX_ID) {
            return ((Number) value).longValue();
        }
        throw new InvalidPayload(
                "questionId must be a positive whole number", Map.of("questionId", "must be a positive whole number"));
    }
}
