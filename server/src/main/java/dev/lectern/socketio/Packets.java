package dev.lectern.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Socket.IO v5 packets the server writes, as whole Engine.IO message packets ({@code 4}, then the
 * Socket.IO type, attachments, namespace, ack id and JSON), ready for a WebSocket frame or a
 * polling body. Binary arguments ({@code byte[]}) become placeholders and separate attachments.
 */
final class Packets {

    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    static final int CONNECT_ERROR = 4;
    static final int BINARY_EVENT = 5;
    static final int BINARY_ACK = 6;

    /** A packet's text and its binary attachments (usually none). */
    record Encoded(ByteBuf text, List<byte[]> attachments) {
        void sendTo(EngineSession session) {
            session.sendEncoded(text);
            for (byte[] a : attachments) {
                session.sendBinary(a);
            }
        }

        /** For one of several recipients: the same bytes, shared. */
        void sendCopyTo(EngineSession session) {
            session.sendEncoded(text.retainedDuplicate());
            for (byte[] a : attachments) {
                session.sendBinary(a);
            }
        }
    }

    private Packets() {}

    static ByteBuf simple(int type, String nsp, String json) {
        StringBuilder s = new StringBuilder(16 + (json == null ? 0 : json.length()))
                .append('4')
                .append(type);
        prefix(s, nsp);
        if (json != null) {
            s.append(json);
        }
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    /** An EVENT ({@code id} < 0) or an ACK of {@code data}. */
    static Encoded encode(ObjectMapper json, int type, String nsp, long id, List<Object> data) {
        List<byte[]> attachments = new ArrayList<>(0);
        Object value = hasBinary(data, 0) ? deconstruct(data, attachments) : data;
        try {
            return frame(type, nsp, id, json.writeValueAsBytes(value), attachments);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise the arguments of a Socket.IO packet", e);
        }
    }

    static Encoded event(ObjectMapper json, String nsp, String event, Object[] args) {
        if (args.length == 1 && args[0] instanceof PreEncoded pre && pre.event().equals(event)) {
            return frame(EVENT, nsp, -1, pre.eventArray(), List.of());
        }
        List<Object> data = new ArrayList<>(args.length + 1);
        data.add(event);
        java.util.Collections.addAll(data, args);
        return encode(json, EVENT, nsp, -1, data);
    }

    private static Encoded frame(int type, String nsp, long id, byte[] json, List<byte[]> attachments) {
        StringBuilder head = new StringBuilder(24).append('4');
        if (attachments.isEmpty()) {
            head.append(type);
        } else {
            head.append(type == EVENT ? BINARY_EVENT : BINARY_ACK)
                    .append(attachments.size())
                    .append('-');
        }
        prefix(head, nsp);
        if (id >= 0) {
            head.append(id);
        }
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer(h.length + json.length);
        buf.writeBytes(h).writeBytes(json);
        return new Encoded(buf, attachments);
    }

    private static void prefix(StringBuilder s, String nsp) {
        if (!"/".equals(nsp)) {
            s.append(nsp).append(',');
        }
    }

    private static boolean hasBinary(Object value, int depth) {
        if (value instanceof byte[]) {
            return true;
        }
        if (depth > 64) {
            return false;
        }
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (hasBinary(o, depth + 1)) {
                    return true;
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Object o : map.values()) {
                if (hasBinary(o, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Object deconstruct(Object value, List<byte[]> attachments) {
        if (value instanceof byte[] bytes) {
            Map<String, Object> placeholder = new LinkedHashMap<>();
            placeholder.put("_placeholder", true);
            placeholder.put("num", attachments.size());
            attachments.add(bytes);
            return placeholder;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(deconstruct(o, attachments));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, deconstruct(v, attachments)));
            return out;
        }
        return value;
    }

    /** Puts the attachments back where their placeholders are; null if a placeholder points nowhere. */
    static Object reconstruct(Object value, List<byte[]> attachments, int depth) {
        if (value instanceof Map<?, ?> map) {
            if (Boolean.TRUE.equals(map.get("_placeholder")) && map.size() == 2) {
                Object num = map.get("num");
                if (num instanceof Integer n && n >= 0 && n < attachments.size()) {
                    return attachments.get(n);
                }
                throw new IllegalArgumentException("illegal attachment");
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, reconstruct(v, attachments, depth + 1)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(reconstruct(o, attachments, depth + 1));
            }
            return out;
        }
        return value;
    }
}
