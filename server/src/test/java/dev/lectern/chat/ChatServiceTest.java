package dev.lectern.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.system.ErrorCode;
import dev.lectern.system.LecternException;
import org.junit.jupiter.api.Test;

/** The chat text rule (CONTRACT §5): trimmed, then 1..1000 characters counted as code points. */
class ChatServiceTest {

    @Test
    void trimsAndKeepsTheText() {
        assertThat(ChatService.validate("  hello \n")).isEqualTo("hello");
        assertThat(ChatService.validate("a".repeat(1000))).hasSize(1000);
        // 1000 emoji are 2000 UTF-16 chars but 1000 characters: allowed
        String emoji = "\uD83D\uDE00".repeat(1000);
        assertThat(ChatService.validate(emoji)).isEqualTo(emoji);
    }

    @Test
    void refusesEmptyBlankAndTooLongAsInvalidPayload() {
        for (String bad : new String[] {null, "", "   ", "\n\t", "\u2003\u2003", "a".repeat(1001),
                "\uD83D\uDE00".repeat(1001), " " + "b".repeat(1001) + " "}) {
            assertThatThrownBy(() -> ChatService.validate(bad))
                    .isInstanceOfSatisfying(LecternException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
                        assertThat(e.fieldErrors()).containsKey("message");
                    });
        }
    }
}
