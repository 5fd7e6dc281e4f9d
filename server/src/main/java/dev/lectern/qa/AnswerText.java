package dev.lectern.qa;

import dev.lectern.system.LecternException.InvalidPayload;
import java.util.Map;

/** A written answer: stripped, 1 to {@value #MAX_LENGTH} characters (code points). */
public record AnswerText(String value) {

    public static final int MAX_LENGTH = 2000;

    public AnswerText {
        if (value == null
                || value.isEmpty()
                || !value.strip().equals(value)
                || value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw invalid();
        }
    }

    public static AnswerText of(String raw) {
        return new AnswerText(raw == null ? "" : raw.strip());
    }

    public static InvalidPayload invalid() {
        return new InvalidPayload(
                "an answer takes text of 1 to " + MAX_LENGTH + " characters or live: true, exactly one",
                Map.of("text", "1.." + MAX_LENGTH + " characters, or live: true"));
    }

    @Override
    public String toString() {
        return value;
    }
}
