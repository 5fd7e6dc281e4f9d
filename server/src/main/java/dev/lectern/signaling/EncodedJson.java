package dev.lectern.signaling;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.lectern.socketio.EngineConfig;
import dev.lectern.socketio.PreEncoded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The socket port's Jackson (2, configured as netty-socketio's was: nulls left out unless a type
 * says otherwise), plus one shortcut: a room broadcast is serialised once, not once per recipient.
 * {@link #encode} does it once; the server writes those bytes into one frame that every recipient shares.
 */
@Component
class EncodedJson {

    /** An event's {@code ["name", payload]} array, already serialised. */
    @SuppressWarnings("ArrayRecordComponent") // the frame is written as it is, once per broadcast; never compared
    record Encoded(String event, byte[] frame) implements PreEncoded {
        @Override
        public byte[] eventArray() {
            return frame;
        }
    }

    /**
     * A value serialised once and written as is wherever it goes: the joiner's snapshot travels as
     * {@code workshop:state} and in the join's ack, and in a big room it is the largest thing we send.
     */
    static final class Raw implements JsonSerializable {

        private final SerializedString json;

        private Raw(String json) {
            this.json = new SerializedString(json);
        }

        @Override
        public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeRawValue(json);
        }

        @Override
        public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
                throws IOException {
            serialize(gen, serializers);
        }

        @Override
        public String toString() {
            return json.getValue();
        }
    }

    private final ObjectMapper jackson = EngineConfig.defaultJson();

    /** The mapper the socket server reads and writes with. */
    ObjectMapper mapper() {
        return jackson;
    }

    /** Serialises a value once, for sending it more than once. */
    Raw raw(Object value) {
        try {
            return new Raw(jackson.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serialises the event exactly as a single send would. */
    Encoded encode(String event, Object payload) {
        try {
            return new Encoded(event, jackson.writeValueAsBytes(List.of(event, payload)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
