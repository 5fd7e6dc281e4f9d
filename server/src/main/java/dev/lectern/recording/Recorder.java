package dev.lectern.recording;

import dev.lectern.recording.RecordingConfig.RecordingBackend;
import dev.lectern.rtc.AgoraSettings;
import dev.lectern.rtc.RtcRole;
import dev.lectern.rtc.RtcTokens;
import dev.lectern.system.Sql;
import dev.lectern.system.UserId;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts and stops one workshop's cloud recording. Agora calls happen outside any transaction (they
 * can take a minute with retries); the recording row, locked briefly before and after, is how a start
 * and a stop that overlap find each other: a stop that arrives while the start is still waiting for
 * its sid marks the row {@code stopping}, and the start stops the recording as soon as it has one.
 */
@Component
class Recorder {

    /** The top of the uid range, {@link UserId#isReserved reserved} from users: no person can be kicked by it. */
    static final long RECORDER_UID = UserId.MAX_AGORA_UID;
    /** The recorder's token cannot be renewed, so it lasts as long as Agora allows (a workshop is at most 24 h). */
    private static final int RECORDER_TOKEN_TTL = 86_400;

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    private final RecordingBackend backend;
    private final AgoraSettings agora;
    private final RecordingSettings settings;
    private final RecordingRepository recordings;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;
    private final RtcTokens tokens = new RtcTokens();
    private final AtomicBoolean skipLogged = new AtomicBoolean();

    Recorder(
            RecordingBackend backend,
            AgoraSettings agora,
            RecordingSettings settings,
            RecordingRepository recordings,
            TransactionTemplate tx,
            JsonMapper json,
            Clock clock) {
        this.backend = backend;
        this.agora = agora;
        this.settings = settings;
        this.recordings = recordings;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    void start(long workshopId, String channel) {
        Optional<AgoraRecordingClient> client = backend.client().filter(c -> settings.storageConfigured());
        if (client.isEmpty()) {
            recordings.create(workshopId, RecordingStatus.SKIPPED, "recording is not configured", Sql.now(clock));
            if (skipLogged.compareAndSet(false, true)) {
                log.info(
                        "Cloud recording is not configured (LECTERN_AGORA_CUSTOMER_* and LECTERN_RECORDING_STORAGE_*); workshops go live unrecorded");
            }
            return;
        }
        if (!recordings.create(workshopId, RecordingStatus.STARTING, null, Sql.now(clock))) {
            return; // this workshop's recording was already started
        }
        String resourceId;
        String sid;
        try {
            resourceId = client.get().acquire(channel, RECORDER_UID).resourceId();
            StartResult started = client.get()
                    .start(resourceId, channel, RECORDER_UID, StartRequest.of(recorderToken(channel), storage()));
            sid = started.sid();
            if (sid == null) {
                throw new IllegalStateException("Agora reports the recording already started but gave no sid");
            }
        } catch (RuntimeException e) {
            log.warn("Recording of workshop {} failed to start: {}", workshopId, e.getMessage());
            recordings.status(
                    workshopId, RecordingStatus.FAILED, "start failed: " + truncate(e.getMessage()), Sql.now(clock));
            return;
        }
        boolean stopNow = Boolean.TRUE.equals(tx.execute(s -> {
            Recording r = recordings.lock(workshopId).orElseThrow();
            recordings.started(workshopId, RECORDER_UID, resourceId, sid, Sql.now(clock));
            if (r.status() == RecordingStatus.STOPPING) {
                return true;
            }
            recordings.status(workshopId, RecordingStatus.RECORDING, null, Sql.now(clock));
            return false;
        }));
        if (stopNow) {
            callStop(client.get(), workshopId, channel, resourceId, sid);
        }
    }

    void stop(long workshopId, String channel) {
        Recording toStop = tx.execute(s -> {
            Optional<Recording> row = recordings.lock(workshopId);
            if (row.isEmpty()) {
                // ended before the start task got going (another node, say): claim the row so it never starts
                boolean configured = backend.client().isPresent() && settings.storageConfigured();
                recordings.create(
                        workshopId,
                        configured ? RecordingStatus.STOPPED : RecordingStatus.SKIPPED,
                        "the workshop ended before recording started",
                        Sql.now(clock));
                return null;
            }
            Recording r = row.get();
            if (r.status() == RecordingStatus.STARTING || r.status() == RecordingStatus.RECORDING) {
                recordings.status(workshopId, RecordingStatus.STOPPING, null, Sql.now(clock));
            }
            // while STARTING there is no sid yet: the start task sees STOPPING and stops it itself
            return r.status() == RecordingStatus.RECORDING ? r : null;
        });
        if (toStop != null && backend.client().isPresent()) {
            callStop(backend.client().get(), workshopId, channel, toStop.resourceId(), toStop.sid());
        }
    }

    private void callStop(AgoraRecordingClient client, long workshopId, String channel, String resourceId, String sid) {
        try {
            StopResult result = client.stop(resourceId, sid, channel, RECORDER_UID);
            Long sliceStart = result.files().stream()
                    .map(RecordedFile::sliceStartMs)
                    .filter(java.util.Objects::nonNull)
                    .min(Long::compare)
                    .orElse(null);
            // 206/435: nobody published, so there are no files; "[]" tells reconciliation not to look for any
            String files = result.noRecordedData() ? RecordingRepository.NO_RECORDED_DATA : fileList(result.files());
            recordings.stopped(workshopId, RecordingStatus.STOPPED, files, sliceStart, Sql.now(clock));
        } catch (RuntimeException e) {
            log.warn("Recording {} of workshop {} failed to stop: {}", sid, workshopId, e.getMessage());
            recordings.stopped(workshopId, RecordingStatus.FAILED, null, null, Sql.now(clock));
            recordings.status(
                    workshopId, RecordingStatus.FAILED, "stop failed: " + truncate(e.getMessage()), Sql.now(clock));
            // reconciliation will query Agora for what was recorded
        }
    }

    private String recorderToken(String channel) {
        if (!agora.tokensConfigured()) {
            return null; // App Certificate off: Agora accepts the recorder without a token
        }
        return tokens.build(
                agora.appId(),
                agora.appCertificate(),
                channel,
                RECORDER_UID,
                RtcRole.SUBSCRIBER,
                RECORDER_TOKEN_TTL,
                clock);
    }

    private StartRequest.Storage storage() {
        return new StartRequest.Storage(
                settings.storageVendor(),
                settings.storageRegion(),
                settings.storageBucket(),
                settings.storageAccessKey(),
                settings.storageSecretKey(),
                List.of("lectern"));
    }

    private String fileList(List<RecordedFile> files) {
        return files.isEmpty() ? null : json.writeValueAsString(files);
    }

    private static String truncate(String s) {
        return s == null ? "unknown" : s.length() > 1500 ? s.substring(0, 1500) : s;
    }
}
