package dev.lectern.chat;

import dev.lectern.system.LecternException.InvalidPayload;
import java.util.Map;

/**
 * A chat message's text: stripped of surrounding white space, 1 to {@value #MAX_LENGTH} characters
 * (code points). Checked once, where the text enters the server; whatever holds a {@code ChatText}
 * need not check again.
 */
public record ChatText(String value) {

    public static final int MAX_LENGTH = 1000;

    public ChatText {
        if (value == null
                || value.isEmpty()
                || !value.strip().equals(value)
                || value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw invalid();
        }
    }

    /** The text as sent, stripped; {@link InvalidPayload} unless 1..{@value #MAX_LENGTH} characters remain. */
    public static ChatText of(String raw) {
        return new ChatText(raw == null ? "" : raw.strip());
    }

    /** The refusal for any text that is not a chat message (missing, blank, too long, not a string). */
    public static InvalidPayload invalid() {
        return new InvalidPayload(
                "message must be 1 to " + MAX_LENGTH + " characters",
                Map.of("message", "1.." + MAX_LENGTH + " characters"));
    }

    @Override
    public String toString() {
        return value;
    }
}
