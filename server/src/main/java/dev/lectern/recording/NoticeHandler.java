package dev.lectern.recording;

import static dev.lectern.system.Sql.ts;

import dev.lectern.system.Sql;
import dev.lectern.workshop.Workshop;
import dev.lectern.workshop.WorkshopService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acts on a verified NCS notice. The notice is recorded as processed in the same transaction as its
 * effects, so a notice that fails half-way is not marked done and Agora's retry (or reconciliation)
 * can complete it; a repeated notice finds its id already there and does nothing.
 */
@Component
class NoticeHandler {

    static final int PRODUCT_CLOUD_RECORDING = 3;
    static final int EVENT_ERROR = 1;
    static final int EVENT_SESSION_EXIT = 11;
    static final int EVENT_UPLOADED = 31;
    static final int EVENT_BACKUPED = 32;
    private static final int FATAL = 5;

    private static final Logger log = LoggerFactory.getLogger(NoticeHandler.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final WorkshopService workshops;
    private final RecordingRepository recordings;
    private final VideoPublisher publisher;
    private final Clock clock;

    NoticeHandler(
            JdbcClient jdbc,
            JsonMapper json,
            WorkshopService workshops,
            RecordingRepository recordings,
            VideoPublisher publisher,
            Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.workshops = workshops;
        this.recordings = recordings;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** What became of a notice, for the webhook's answer and the logs. */
    enum Outcome {
        PROCESSED,
        DUPLICATE,
        IGNORED
    }

    @Transactional
    public Outcome handle(byte[] body) {
        JsonNode notice = json.readTree(body);
        String noticeId = notice.path("noticeId").asString("");
        int eventType = notice.path("eventType").asInt(-1);
        if (noticeId.isBlank() || noticeId.length() > 200) {
            return Outcome.IGNORED;
        }
        JsonNode payload = notice.path("payload");
        String sid = text(payload, "sid");
        int fresh = jdbc.sql("""
                INSERT INTO processed_notices (notice_id, event_type, sid, received_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(noticeId, eventType, sid, ts(Sql.now(clock)))
                .update();
        if (fresh == 0) {
            return Outcome.DUPLICATE;
        }
        if (notice.path("productId").asInt(-1) != PRODUCT_CLOUD_RECORDING || sid == null) {
            return Outcome.IGNORED;
        }
        Optional<Workshop> workshop = workshopOf(sid);
        if (workshop.isEmpty()) {
            log.warn(
                    "NCS notice {} (event {}) for recording {}, which this server did not start; ignored",
                    noticeId,
                    eventType,
                    sid.replaceAll("\\p{Cntrl}", "?"));
            return Outcome.IGNORED;
        }
        JsonNode details = payload.path("details");
        return switch (eventType) {
            case EVENT_UPLOADED, EVENT_BACKUPED -> uploaded(workshop.get(), sid, details);
            case EVENT_ERROR -> error(workshop.get(), sid, details);
            case EVENT_SESSION_EXIT -> exited(workshop.get(), sid, details);
            default -> Outcome.IGNORED;
        };
    }

    private Outcome uploaded(Workshop workshop, String sid, JsonNode details) {
        List<RecordedFile> files = RecordingJson.files(details.path("fileList"));
        if (files.isEmpty()) {
            return Outcome.IGNORED;
        }
        publisher.publish(workshop, sid, files);
        return Outcome.PROCESSED;
    }

    /** Only a fatal error (level 5) ends a recording; warnings are Agora recovering by itself. */
    private Outcome error(Workshop workshop, String sid, JsonNode details) {
        if (details.path("errorLevel").asInt(0) < FATAL) {
            return Outcome.IGNORED;
        }
        String message = "Agora error " + details.path("errorCode").asInt(0) + ": "
                + details.path("errorMsg").asString("");
        sameRecording(workshop, sid)
                .filter(r -> r.status() != RecordingStatus.STOPPED)
                .ifPresent(r ->
                        recordings.status(workshop.id(), RecordingStatus.FAILED, truncate(message), Sql.now(clock)));
        return Outcome.PROCESSED;
    }

    /** The recorder left the channel: normally after uploading (0), or abnormally (1). */
    private Outcome exited(Workshop workshop, String sid, JsonNode details) {
        boolean normal = details.path("exitStatus").asInt(0) == 0;
        Instant now = Sql.now(clock);
        sameRecording(workshop, sid).ifPresent(r -> {
            if (normal && r.status() != RecordingStatus.FAILED) {
                recordings.stopped(workshop.id(), RecordingStatus.STOPPED, null, null, now);
            } else if (!normal && r.status() != RecordingStatus.STOPPED) {
                recordings.status(workshop.id(), RecordingStatus.FAILED, "recorder exited abnormally", now);
            }
        });
        return Outcome.PROCESSED;
    }

    private Optional<Recording> sameRecording(Workshop workshop, String sid) {
        return recordings.find(workshop.id()).filter(r -> sid.equals(r.sid()));
    }

    /**
     * The workshop of a recording this server started, found by its sid alone. The notice's {@code cname}
     * is not trusted: a notice for a sid Lectern never started (signed, but replayed from another app or
     * made up) must not file a video for whatever workshop owns that channel.
     */
    private Optional<Workshop> workshopOf(String sid) {
        return recordings.findBySid(sid).flatMap(r -> workshops.find(r.workshopId()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString()
                        && !value.asString().isBlank()
                        && value.asString().length() <= 500
                ? value.asString()
                : null;
    }

    private static String truncate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }
}
