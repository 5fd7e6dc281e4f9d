package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedJsonTest {

    private final EncodedJson json = new EncodedJson();

    @Test
    void aPreEncodedEventIsExactlyWhatJacksonWritesForTheEvent() throws Exception {
        var chat = new Outbound.Chat(
                981, 31, "Grâce \"G\"", null, "Can you share the slides? ✓", 754003, "2026-11-22T11:02:34.003Z");

        String fast = new String(json.encode("workshop:chat-message", chat).eventArray(), StandardCharsets.UTF_8);
        String plain = json.mapper().writeValueAsString(Arrays.asList("workshop:chat-message", chat));

        assertThat(fast).isEqualTo(plain);
        assertThat(fast).contains("\"avatarUrl\":null").contains("\"offset_ms\":754003");
    }

    @Test
    void nullsAreLeftOutUnlessATypeKeepsThem() throws Exception {
        assertThat(json.mapper().writeValueAsString(new Outbound.ErrorEvent("e", "invalid_payload", null)))
                .isEqualTo("{\"event\":\"e\",\"code\":\"invalid_payload\"}");
        assertThat(json.mapper().writeValueAsString(List.of("workshop:user-left", new Outbound.UserRef(7))))
                .isEqualTo("[\"workshop:user-left\",{\"userId\":7}]");
    }

    @Test
    void aRawValueIsWrittenAsIs() throws Exception {
        EncodedJson.Raw raw = json.raw(new Outbound.UserRef(3));
        assertThat(json.mapper().writeValueAsString(java.util.Map.of("state", raw)))
                .isEqualTo("{\"state\":{\"userId\":3}}");
    }
}
