package dev.lectern.signaling;

import dev.lectern.chat.ChatText;
import dev.lectern.system.LecternException.InvalidPayload;
import dev.lectern.system.UserId;
import java.util.Map;

/**
 * A {@code /workshop} event's payload. Listeners receive whatever JSON the client sent (object,
 * array, string, number, null), so it is checked here by hand: anything but the expected fields of
 * the expected types is {@code invalid_payload}. Unknown extra fields are ignored.
 *
 * @param targetUserId null when the event has none (or it is optional and absent)
 * @param message the chat text, trimmed and within limits; null for other events
 * @param qa the fields of a {@code qa:*} event ({@link QaInbound}); null for other events
 */
record Inbound(long workshopId, Long targetUserId, ChatText message, QaInbound qa) {

    Inbound(long workshopId, Long targetUserId, ChatText message) {
        this(workshopId, targetUserId, message, null);
    }

    /** Largest id a JSON number carries exactly in every client (2^53 - 1). */
    static final long MAX_ID = 9_007_199_254_740_991L;
    /** A person's id; the top sixteen Agora uids are Lectern's own (the recorder's among them), never a target. */
    static final long MAX_USER_ID = UserId.MAX;
    /** Raw text longer than this is refused before trimming; the real rule is {@link ChatText}. */
    static final int MAX_RAW_MESSAGE = 4 * ChatText.MAX_LENGTH;

    /** Which fields an event takes. */
    enum Shape {
        WORKSHOP,
        OPTIONAL_TARGET,
        TARGET,
        MESSAGE,
        /** {@code workshop:admit}: {@code targetUserId}, or {@code all: true} (then the target is null). */
        ADMIT,
        QA_ASK,
        QA_QUESTION,
        QA_ANSWER
    }

    static Inbound parse(Object data, Shape shape) {
        if (!(data instanceof Map<?, ?> body)) {
            throw new InvalidPayload("the payload must be a JSON object", Map.of("payload", "must be an object"));
        }
        long workshopId = id(body.get("workshopId"), "workshopId", MAX_ID);
        Long target = switch (shape) {
            case TARGET -> id(body.get("targetUserId"), "targetUserId", MAX_USER_ID);
            case OPTIONAL_TARGET ->
                body.get("targetUserId") == null ? null : id(body.get("targetUserId"), "targetUserId", MAX_USER_ID);
            case ADMIT -> admitTarget(body);
            default -> null;
        };
        ChatText message = shape == Shape.MESSAGE ? message(body.get("message")) : null;
        QaInbound qa = switch (shape) {
            case QA_ASK -> QaInbound.ask(body);
            case QA_QUESTION -> QaInbound.question(body);
            case QA_ANSWER -> QaInbound.answer(body);
            default -> null;
        };
        return new Inbound(workshopId, target, message, qa);
    }

    /** Exactly one of a target and {@code all: true}. */
    private static Long admitTarget(Map<?, ?> body) {
        boolean all = Boolean.TRUE.equals(body.get("all"));
        if (body.get("all") != null && !(body.get("all") instanceof Boolean)) {
            throw new InvalidPayload("all must be true or absent", Map.of("all", "must be a boolean"));
        }
        if (body.get("targetUserId") == null) {
            if (!all) {
                throw new InvalidPayload(
                        "give targetUserId, or all: true", Map.of("targetUserId", "required unless all is true"));
            }
            return null;
        }
        if (all) {
            throw new InvalidPayload(
                    "give targetUserId or all: true, not both", Map.of("all", "not with targetUserId"));
        }
        return id(body.get("targetUserId"), "targetUserId", MAX_USER_ID);
    }

    private static long id(Object value, String field, long max) {
        // JSON integers arrive as Integer, Long or BigInteger; 1.0, "1" and true are wrong types
        if ((value instanceof Integer || value instanceof Long)
                && ((Number) value).longValue() >= 1
                && ((Number) value).longValue() <= max) {
            return ((Number) value).longValue();
        }
        throw new InvalidPayload(
                field + " must be a positive whole number", Map.of(field, "must be a positive whole number"));
    }

    private static ChatText message(Object value) {
        if (!(value instanceof String text) || text.length() > MAX_RAW_MESSAGE) {
            throw ChatText.invalid();
        }
        return ChatText.of(text);
    }
}
