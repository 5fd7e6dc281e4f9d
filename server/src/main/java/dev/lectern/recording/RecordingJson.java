package dev.lectern.recording;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Agora's request bodies and the lenient reading of its replies. Field names are Agora's, case
 * included. Readers throw IllegalArgumentException, which the exchange reports as MALFORMED.
 */
final class RecordingJson {

    private static final JsonMapper JSON = JsonMapper.shared();
    /** How long query/stop stay callable after start; a workshop recording never nears it. */
    private static final int RESOURCE_EXPIRED_HOUR = 24;

    private RecordingJson() {}

    static String acquire(String cname, long uid) {
        ObjectNode body = channel(cname, uid);
        body.putObject("clientRequest").put("scene", 0).put("resourceExpiredHour", RESOURCE_EXPIRED_HOUR);
        return JSON.writeValueAsString(body);
    }

    static String start(String cname, long uid, StartRequest request) {
        ObjectNode body = channel(cname, uid);
        ObjectNode clientRequest = body.putObject("clientRequest");
        if (request.token() != null) {
            clientRequest.put("token", request.token());
        }
        StartRequest.Transcoding mix = request.transcoding();
        ObjectNode recording = clientRequest
                .putObject("recordingConfig")
                .put("channelType", request.channelType())
                .put("maxIdleTime", request.maxIdleTime());
        recording
                .putObject("transcodingConfig")
                .put("width", mix.width())
                .put("height", mix.height())
                .put("fps", mix.fps())
                .put("bitrate", mix.bitrate())
                .put("mixedVideoLayout", mix.mixedVideoLayout());
        request.avFileType()
                .forEach(clientRequest.putObject("recordingFileConfig").putArray("avFileType")::add);
        StartRequest.Storage storage = request.storage();
        ObjectNode storageConfig = clientRequest
                .putObject("storageConfig")
                .put("vendor", storage.vendor())
                .put("region", storage.region())
                .put("bucket", storage.bucket())
                .put("accessKey", storage.accessKey())
                .put("secretKey", storage.secretKey());
        storage.fileNamePrefix().forEach(storageConfig.putArray("fileNamePrefix")::add);
        return JSON.writeValueAsString(body);
    }

    /** Synchronous stop, so the reply carries the uploaded file list. */
    static String stop(String cname, long uid) {
        ObjectNode body = channel(cname, uid);
        body.putObject("clientRequest").put("async_stop", false);
        return JSON.writeValueAsString(body);
    }

    static String requiredString(JsonNode json, String field) {
        JsonNode value = json == null ? null : json.get(field);
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            throw new IllegalArgumentException("reply has no \"" + field + "\"");
        }
        return value.stringValue();
    }

    static JsonNode serverResponse(JsonNode json) {
        JsonNode serverResponse = json == null ? null : json.get("serverResponse");
        if (serverResponse == null || !serverResponse.isObject()) {
            throw new IllegalArgumentException("reply has no \"serverResponse\" object");
        }
        return serverResponse;
    }

    /** Agora sends the list as a string (the m3u8 name, HLS-only mix) or as an array of objects. */
    static List<RecordedFile> files(JsonNode fileList) {
        if (fileList == null || fileList.isNull() || fileList.isMissingNode()) {
            return List.of();
        }
        if (fileList.isString()) {
            String name = fileList.stringValue();
            return name.isBlank() ? List.of() : List.of(new RecordedFile(name, null, null, null));
        }
        if (!fileList.isArray()) {
            throw new IllegalArgumentException("fileList is neither a string nor an array");
        }
        List<RecordedFile> files = new ArrayList<>();
        for (JsonNode entry : fileList.values()) {
            files.add(new RecordedFile(
                    requiredString(entry, "fileName"),
                    optionalString(entry, "trackType"),
                    entry.path("isPlayable").isBoolean()
                            ? entry.get("isPlayable").booleanValue()
                            : null,
                    optionalLong(entry, "sliceStartTime")));
        }
        return files;
    }

    static Long optionalLong(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : null;
    }

    static String optionalString(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** Agora wants the uid as a string, although it must hold an integer. */
    private static ObjectNode channel(String cname, long uid) {
        return JSON.createObjectNode().put("cname", cname).put("uid", Long.toString(uid));
    }
}
