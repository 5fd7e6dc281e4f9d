package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.chat.ChatText;
import dev.lectern.signaling.Inbound.Shape;
import dev.lectern.system.ErrorCode;
import dev.lectern.system.LecternException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundTest {

    @Test
    void readsTheFieldsOfEachShape() {
        assertThat(Inbound.parse(Map.of("workshopId", 7), Shape.WORKSHOP)).isEqualTo(new Inbound(7, null, null));
        assertThat(Inbound.parse(Map.of("workshopId", 7L, "targetUserId", 9), Shape.TARGET))
                .isEqualTo(new Inbound(7, 9L, null));
        assertThat(Inbound.parse(Map.of("workshopId", 7), Shape.OPTIONAL_TARGET))
                .isEqualTo(new Inbound(7, null, null));
        assertThat(Inbound.parse(Map.of("workshopId", 7, "message", "  hi "), Shape.MESSAGE))
                .isEqualTo(new Inbound(7, null, new ChatText("hi")));
    }

    @Test
    void ignoresUnknownFields() {
        assertThat(Inbound.parse(Map.of("workshopId", 7, "extra", List.of(1)), Shape.WORKSHOP)
                        .workshopId())
                .isEqualTo(7);
    }

    @Test
    void refusesEverythingThatIsNotAnObjectWithWholePositiveIds() {
        Map<String, Object> nullTarget = new HashMap<>();
        nullTarget.put("workshopId", 1);
        nullTarget.put("targetUserId", null);
        for (Object bad : List.of(
                "7",
                7,
                List.of(Map.of("workshopId", 7)),
                Map.of(),
                Map.of("workshopId", "7"),
                Map.of("workshopId", 7.0),
                Map.of("workshopId", 0),
                Map.of("workshopId", -3),
                Map.of("workshopId", true),
                Map.of("workshopId", new BigInteger("99999999999999999999")),
                Map.of("workshopId", 9_007_199_254_740_992L))) {
            assertInvalid(bad, Shape.WORKSHOP);
        }
        assertInvalid(nullTarget, Shape.TARGET);
        assertInvalid(Map.of("workshopId", 1, "targetUserId", 4_294_967_296L), Shape.TARGET);
        assertInvalid(Map.of("workshopId", 1), Shape.TARGET);
        assertInvalid(Map.of("workshopId", 1, "targetUserId", "2"), Shape.OPTIONAL_TARGET);
    }

    @Test
    void refusesMessagesThatAreNotOneToAThousandCharactersOfText() {
        assertInvalid(Map.of("workshopId", 1), Shape.MESSAGE);
        assertInvalid(Map.of("workshopId", 1, "message", 5), Shape.MESSAGE);
        assertInvalid(Map.of("workshopId", 1, "message", " \n\t "), Shape.MESSAGE);
        assertInvalid(Map.of("workshopId", 1, "message", "x".repeat(1001)), Shape.MESSAGE);
        assertInvalid(Map.of("workshopId", 1, "message", " ".repeat(100_000) + "x"), Shape.MESSAGE);
        assertThat(Inbound.parse(Map.of("workshopId", 1, "message", "😀".repeat(1000)), Shape.MESSAGE)
                        .message()
                        .value())
                .hasSize(2000);
    }

    private static void assertInvalid(Object payload, Shape shape) {
        assertThatThrownBy(() -> Inbound.parse(payload, shape))
                .as(String.valueOf(payload))
                .isInstanceOfSatisfying(
                        LecternException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD));
    }
}
