package dev.lectern.recording;

import dev.lectern.system.UserId;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Agora Cloud Recording in composite (mix) mode: acquire → start → query… → stop. Calls block for as
 * long as their retries last (up to a minute or so with Agora's schedules), so run them off request
 * and socket threads. A call returns only a result Agora accepted; anything else, after the
 * {@link RetryPolicy}, is a {@link RecordingApiException} whose kind says whether Agora was reached.
 *
 * <p>The HttpClient is the caller's, and must have a connect timeout, e.g.
 * {@code HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build()}.
 */
public final class AgoraRecordingClient {

    static final String MODE = "mix";
    static final long MAX_UID = UserId.MAX_AGORA_UID;

    private final RecordingApiSettings settings;
    private final RecordingExchange exchange;

    public AgoraRecordingClient(RecordingApiSettings settings, HttpClient httpClient, Sleeper sleeper) {
        this.settings = Objects.requireNonNull(settings, "settings == null");
        Objects.requireNonNull(httpClient, "httpClient == null");
        Objects.requireNonNull(sleeper, "sleeper == null");
        // Without it a dead host holds the calling thread for the OS's connect timeout, minutes on Linux.
        if (httpClient.connectTimeout().isEmpty()) {
            throw new IllegalArgumentException("httpClient needs a connect timeout (settings.connectTimeout())");
        }
        this.exchange = new RecordingExchange(httpClient, settings.retryPolicy(), sleeper);
    }

    /** @param recorderUid the recorder's own uid in the channel, 1..4294967295, unused by any participant */
    public AcquireResult acquire(String cname, long recorderUid) {
        String body = RecordingJson.acquire(requireCname(cname), requireUid(recorderUid));
        return exchange.call(
                Operation.ACQUIRE,
                post(appPath("acquire"), body),
                reply -> new AcquireResult(RecordingJson.requiredString(reply.json(), "resourceId"), reply.attempts()));
    }

    /** {@code cname} and {@code recorderUid} must be those given to {@link #acquire}. */
    public StartResult start(String resourceId, String cname, long recorderUid, StartRequest request) {
        Objects.requireNonNull(request, "request == null");
        String body = RecordingJson.start(requireCname(cname), requireUid(recorderUid), request);
        URI uri = appPath("resourceid/" + segment(resourceId) + "/mode/" + MODE + "/start");
        return exchange.call(
                Operation.START,
                post(uri, body),
                reply -> reply.status() == 200
                        ? new StartResult(RecordingJson.requiredString(reply.json(), "sid"), false, reply.attempts())
                        : new StartResult(RecordingJson.optionalString(reply.json(), "sid"), true, reply.attempts()));
    }

    public QueryResult query(String resourceId, String sid) {
        HttpRequest request =
                request(recordingPath(resourceId, sid, "query")).GET().build();
        return exchange.call(Operation.QUERY, request, reply -> {
            JsonNode server = RecordingJson.serverResponse(reply.json());
            if (!server.path("status").canConvertToInt()) {
                throw new IllegalArgumentException("serverResponse has no \"status\"");
            }
            return new QueryResult(
                    server.get("status").asInt(),
                    RecordingJson.files(server.get("fileList")),
                    RecordingJson.optionalLong(server, "sliceStartTime"),
                    reply.attempts());
        });
    }

    public StopResult stop(String resourceId, String sid, String cname, long recorderUid) {
        String body = RecordingJson.stop(requireCname(cname), requireUid(recorderUid));
        return exchange.call(Operation.STOP, post(recordingPath(resourceId, sid, "stop"), body), reply -> {
            if (reply.status() != 200) {
                return new StopResult(null, List.of(), true, reply.attempts());
            }
            JsonNode server = RecordingJson.serverResponse(reply.json());
            return new StopResult(
                    RecordingJson.optionalString(server, "uploadingStatus"),
                    RecordingJson.files(server.get("fileList")),
                    false,
                    reply.attempts());
        });
    }

    private URI recordingPath(String resourceId, String sid, String action) {
        return appPath("resourceid/" + segment(resourceId) + "/sid/" + segment(sid) + "/mode/" + MODE + "/" + action);
    }

    private URI appPath(String rest) {
        String base = settings.baseUrl().toString().replaceAll("/+$", "");
        return URI.create(base + "/v1/apps/" + segment(settings.appId()) + "/cloud_recording/" + rest);
    }

    private HttpRequest post(URI uri, String body) {
        return request(uri)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Authorization", settings.authorization())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    private static String segment(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("resourceId, sid and appId must not be blank");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String requireCname(String cname) {
        if (cname == null || cname.isBlank()) {
            throw new IllegalArgumentException("cname must not be blank");
        }
        return cname;
    }

    private static long requireUid(long uid) {
        if (uid == 0 || !UserId.isAgoraUid(uid)) {
            throw new IllegalArgumentException("recorderUid must be in 1..4294967295, was " + uid);
        }
        return uid;
    }
}
