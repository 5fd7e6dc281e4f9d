package dev.lectern.recording;

import dev.lectern.library.VideoCreated;
import dev.lectern.library.VideoRepository;
import dev.lectern.notification.NotificationService;
import dev.lectern.system.Sql;
import dev.lectern.workshop.Workshop;
import dev.lectern.workshop.WorkshopService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a finished recording into a library video and tells the people who were there. Called by
 * the webhook and by reconciliation, as often as they like: the video is unique per sid and the
 * notifications per user and sid, so each exists exactly once.
 */
@Component
class VideoPublisher {

    private static final Logger log = LoggerFactory.getLogger(VideoPublisher.class);

    private final VideoRepository videos;
    private final WorkshopService workshops;
    private final RecordingRepository recordings;
    private final NotificationService notifications;
    private final RecordingSettings settings;
    private final Clock clock;

    private final ApplicationEventPublisher events;

    VideoPublisher(
            VideoRepository videos,
            WorkshopService workshops,
            RecordingRepository recordings,
            NotificationService notifications,
            RecordingSettings settings,
            Clock clock,
            ApplicationEventPublisher events) {
        this.videos = videos;
        this.workshops = workshops;
        this.recordings = recordings;
        this.notifications = notifications;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Files the recording {@code sid} as the workshop's video, unless it already has one: Lectern records a
     * workshop once, so a second sid (a forged or stale notice) never adds a second video. The recording row
     * is locked first, so two notices at once agree on which one files it. Unsafe file names are never filed
     * and do not use the recording up: a later notice with a good name still files the video.
     *
     * @return true if this call created the video
     */
    @Transactional
    public boolean publish(Workshop workshop, String sid, List<RecordedFile> files) {
        recordings.lock(workshop.id());
        List<RecordedFile> safe = new ArrayList<>();
        for (RecordedFile file : files) {
            String unsafe = file.unsafeReason();
            if (unsafe == null) {
                safe.add(file);
            } else {
                log.warn(
                        "recording {} of workshop {}: file name '{}' not filed: {}",
                        sid,
                        workshop.id(),
                        printable(file.fileName()),
                        unsafe);
            }
        }
        Optional<RecordedFile> chosen = choose(safe);
        if (chosen.isEmpty()) {
            if (safe.size() == files.size()) { // an unsafe name was logged above, once, with its reason
                log.warn("recording {} of workshop {} has no playable file; no video", sid, workshop.id());
            }
            return false;
        }
        Optional<Long> existing = videos.idOfWorkshop(workshop.id());
        if (existing.isPresent() && videos.findBySid(sid).isEmpty()) {
            log.warn(
                    "recording {} of workshop {}: the workshop already has video {}; not filed twice",
                    sid,
                    workshop.id(),
                    existing.get());
            return false;
        }
        Long sliceStart = files.stream()
                .map(RecordedFile::sliceStartMs)
                .filter(java.util.Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
        recordings.sliceStart(workshop.id(), sliceStart);
        Instant now = Sql.now(clock);
        boolean created = videos.insertIfAbsent(
                workshop.id(),
                workshop.hostId(),
                sid,
                workshop.title(),
                workshop.description(),
                settings.fileUrl(chosen.get().fileName()),
                duration(workshop, sliceStart),
                now);
        // Files in the library mean the recording is over, whatever a failed stop call said before.
        recordings
                .find(workshop.id())
                .filter(r -> sid.equals(r.sid()) && r.status() != RecordingStatus.STOPPED)
                .ifPresent(r -> recordings.stopped(workshop.id(), RecordingStatus.STOPPED, null, null, now));
        // Notifications are keyed by sid too: a retry after a partial failure completes them without repeats.
        var video = videos.findBySid(sid).orElseThrow();
        if (created) {
            events.publishEvent(new VideoCreated(video)); // the webhook outbox, in this transaction
        }
        List<Long> audience = new ArrayList<>(workshops.audience(workshop.id()));
        audience.add(0, workshop.hostId());
        notifications.notify(
                audience,
                "recording_ready",
                Map.of("workshopId", workshop.id(), "videoId", video.id(), "title", video.title(), "url", video.url()),
                "recording_ready:" + sid);
        return created;
    }

    /** For the log: a hostile name is cut short and loses its control characters (no forged log lines). */
    private static String printable(String name) {
        String cut = name.length() > 200 ? name.substring(0, 200) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** MP4 plays everywhere; HLS is the fallback (Agora always writes an .m3u8, the .mp4 only when asked). */
    static Optional<RecordedFile> choose(List<RecordedFile> files) {
        return files.stream()
                .filter(RecordedFile::isMp4)
                .findFirst()
                .or(() -> files.stream().filter(RecordedFile::isHls).findFirst());
    }

    private Long duration(Workshop workshop, Long sliceStartMs) {
        Instant start = sliceStartMs != null ? Instant.ofEpochMilli(sliceStartMs) : workshop.startedAt();
        Instant end = workshop.endedAt();
        if (start == null || end == null || end.isBefore(start)) {
            return null;
        }
        return Duration.between(start, end).toMillis();
    }
}
