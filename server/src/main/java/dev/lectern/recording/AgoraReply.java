package dev.lectern.recording;

import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP reply from Agora, its body parsed leniently: error bodies are {@code {"code","reason"}},
 * {@code {"message"}} or, behind a proxy, not JSON at all.
 *
 * @param json the parsed body, or null when it is not a JSON object
 * @param attempts how many requests this call had made when the reply arrived
 */
record AgoraReply(int status, String body, JsonNode json, int attempts) {

    private static final JsonMapper JSON = JsonMapper.shared();

    static AgoraReply of(int status, String body, int attempts) {
        return new AgoraReply(status, body == null ? "" : body, parse(body), attempts);
    }

    /** Agora's numeric error code, when the body has one. */
    OptionalInt code() {
        JsonNode code = json == null ? null : json.get("code");
        return code != null && code.canConvertToInt() ? OptionalInt.of(code.asInt()) : OptionalInt.empty();
    }

    String reason() {
        if (json == null) {
            return null;
        }
        JsonNode reason = json.hasNonNull("reason") ? json.get("reason") : json.get("message");
        return reason == null || reason.isNull() ? null : reason.asString();
    }

    boolean is(int status, int code) {
        return this.status == status && code().equals(OptionalInt.of(code));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
