package dev.lectern.qa;

import dev.lectern.system.LecternException.InvalidPayload;
import java.util.Map;

/**
 * A question's text: stripped of surrounding white space, 1 to {@value #MAX_LENGTH} characters (code
 * points). Checked once where it enters the server.
 */
public record QuestionText(String value) {

    public static final int MAX_LENGTH = 500;

    public QuestionText {
        if (value == null
                || value.isEmpty()
                || !value.strip().equals(value)
                || value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw invalid();
        }
    }

    public static QuestionText of(String raw) {
        return new QuestionText(raw == null ? "" : raw.strip());
    }

    public static InvalidPayload invalid() {
        return new InvalidPayload(
                "text must be 1 to " + MAX_LENGTH + " characters", Map.of("text", "1.." + MAX_LENGTH + " characters"));
    }

    @Override
    public String toString() {
        return value;
    }
}
