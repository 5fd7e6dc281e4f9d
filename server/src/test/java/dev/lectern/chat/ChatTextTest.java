package dev.lectern.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.system.ErrorCode;
import dev.lectern.system.LecternException;
import org.junit.jupiter.api.Test;

/** A chat text is checked once, when made: every {@code ChatText} that exists is a valid message. */
class ChatTextTest {

    @Test
    void stripsTheTextAndCountsCodePointsNotChars() {
        assertThat(ChatText.of("  hello \n").value()).isEqualTo("hello");
        assertThat(ChatText.of("😀".repeat(1000)).value()).hasSize(2000);
        assertThat(ChatText.of(" " + "x".repeat(1000) + " ").value()).hasSize(1000);
    }

    @Test
    void refusesMissingBlankAndOverlongText() {
        for (String bad : new String[] {null, "", " \n\t ", "x".repeat(1001), "😀".repeat(1001), "\u2003\u3000"}) {
            assertThatThrownBy(() -> ChatText.of(bad))
                    .as(String.valueOf(bad))
                    .isInstanceOfSatisfying(
                            LecternException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD));
        }
    }

    @Test
    void theConstructorCannotBypassTheRule() {
        // a caller building one directly gets the same check: no unstripped, empty or overlong text slips through
        for (String bad : new String[] {null, "", " padded ", "x".repeat(1001)}) {
            assertThatThrownBy(() -> new ChatText(bad)).as(String.valueOf(bad)).isInstanceOf(LecternException.class);
        }
        assertThat(new ChatText("ok").value()).isEqualTo("ok");
    }
}
