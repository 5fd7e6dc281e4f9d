package dev.lectern.signaling;

import com.corundumstudio.socketio.AckCallback;
import com.corundumstudio.socketio.protocol.AckArgs;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.corundumstudio.socketio.protocol.JsonSupport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * netty-socketio's Jackson support, plus one shortcut: a room broadcast is serialised once, not once
 * per recipient. netty-socketio encodes a packet separately for every client it goes to, so a chat
 * message to 1,000 clients ran Jackson 1,000 times; {@link #encode} does it once and the per-client
 * encoding only copies the bytes. Everything else (acks, single sends, reading) is Jackson as before.
 */
@Component
class EncodedJson implements JsonSupport {

    /** An event's {@code ["name", payload]} array, already serialised. */
    record Encoded(String event, byte[] frame) {
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

    private final JacksonJsonSupport jackson = new JacksonJsonSupport();

    /** Serialises a value once, as netty-socketio would, for sending it more than once. */
    Raw raw(Object value) {
        ByteBuf buf = Unpooled.buffer(1024);
        try {
            jackson.writeValue(new ByteBufOutputStream(buf), value);
            return new Raw(buf.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            buf.release();
        }
    }

    /** Serialises the event exactly as netty-socketio would for each client. */
    Encoded encode(String event, Object payload) {
        ByteBuf buf = Unpooled.buffer(256);
        try {
            jackson.writeValue(new ByteBufOutputStream(buf), List.of(event, payload));
            return new Encoded(event, ByteBufUtil.getBytes(buf));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            buf.release();
        }
    }

    @Override
    public void writeValue(ByteBufOutputStream out, Object value) throws IOException {
        // an event packet's values are [name, args...]: ours carry one Encoded argument
        if (value instanceof List<?> values && values.size() == 2 && values.get(1) instanceof Encoded encoded
                && encoded.event().equals(values.get(0))) {
            jackson.getArrays().clear(); // no binary attachments: the encoder checks this list after us
            out.write(encoded.frame());
            return;
        }
        jackson.writeValue(out, value);
    }

    @Override
    public AckArgs readAckArgs(ByteBufInputStream src, AckCallback<?> callback) throws IOException {
        return jackson.readAckArgs(src, callback);
    }

    @Override
    public <T> T readValue(String namespaceName, ByteBufInputStream src, Class<T> valueType) throws IOException {
        return jackson.readValue(namespaceName, src, valueType);
    }

    @Override
    public void addEventMapping(String namespaceName, String eventName, Class<?>... eventClass) {
        jackson.addEventMapping(namespaceName, eventName, eventClass);
    }

    @Override
    public void removeEventMapping(String namespaceName, String eventName) {
        jackson.removeEventMapping(namespaceName, eventName);
    }

    @Override
    public List<byte[]> getArrays() {
        return jackson.getArrays();
    }
}
