package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedJsonTest {

    private final EncodedJson json = new EncodedJson();

    @Test
    void aPreEncodedEventIsWrittenExactlyAsJacksonWouldWriteIt() throws Exception {
        var chat = new Outbound.Chat(981, 31, "Grâce \"G\"", null, "Can you share the slides? ✓", 754003, "2026-11-22T11:02:34.003Z");

        String fast = write(json, Arrays.asList("workshop:chat-message", json.encode("workshop:chat-message", chat)));
        String plain = write(new JacksonJsonSupport(), Arrays.asList("workshop:chat-message", chat));

        assertThat(fast).isEqualTo(plain);
        assertThat(fast).contains("\"avatarUrl\":null").contains("\"offset_ms\":754003");
    }

    @Test
    void anythingElseGoesThroughJackson() throws Exception {
        var ref = new Outbound.UserRef(7);
        assertThat(write(json, List.of("workshop:user-left", ref))).isEqualTo("[\"workshop:user-left\",{\"userId\":7}]");
        // an encoded payload under another event name is not taken for that event
        var encoded = json.encode("workshop:user-left", ref);
        assertThat(write(json, Arrays.asList("workshop:other", encoded))).doesNotStartWith("[\"workshop:user-left\"");
    }

    private static String write(com.corundumstudio.socketio.protocol.JsonSupport support, Object value) throws Exception {
        ByteBuf buf = Unpooled.buffer();
        support.writeValue(new ByteBufOutputStream(buf), value);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
