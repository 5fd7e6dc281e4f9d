package dev.lectern.recording;

import dev.lectern.recording.RecordingConfig.RecordingBackend;
import dev.lectern.workshop.WorkshopService;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agora does not guarantee webhook delivery. Recordings that stopped a while ago and still have no
 * video get one from the stop response's file list, or else from {@code query}. Publishing is
 * idempotent, so racing the webhook (or another node) is harmless.
 */
@Component
public class Reconciliation {

    /** Long enough for the uploaded notice to arrive first in the usual case. */
    static final Duration GRACE = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final RecordingRepository recordings;
    private final WorkshopService workshops;
    private final VideoPublisher publisher;
    private final RecordingBackend backend;
    private final JsonMapper json;
    private final Clock clock;

    Reconciliation(
            RecordingRepository recordings,
            WorkshopService workshops,
            VideoPublisher publisher,
            RecordingBackend backend,
            JsonMapper json,
            Clock clock) {
        this.recordings = recordings;
        this.workshops = workshops;
        this.publisher = publisher;
        this.backend = backend;
        this.json = json;
        this.clock = clock;
    }

    /** @return how many videos this run created */
    public int run() {
        int created = 0;
        for (Recording r : recordings.withoutVideoSince(clock.instant().minus(GRACE), 100)) {
            try {
                List<RecordedFile> files = files(r);
                var workshop = workshops.find(r.workshopId());
                if (!files.isEmpty() && workshop.isPresent() && publisher.publish(workshop.get(), r.sid(), files)) {
                    created++;
                }
            } catch (RuntimeException e) {
                log.warn("reconciling recording {} failed; next round retries: {}", r.sid(), e.getMessage());
            }
        }
        return created;
    }

    private List<RecordedFile> files(Recording r) {
        if (r.fileList() != null) {
            return Arrays.asList(json.readValue(r.fileList(), RecordedFile[].class));
        }
        if (backend.client().isEmpty() || r.resourceId() == null) {
            return List.of();
        }
        return backend.client().get().query(r.resourceId(), r.sid()).files();
    }

    @Component
    @ConditionalOnProperty(name = "lectern.jobs.enabled", havingValue = "true", matchIfMissing = true)
    static class Schedule {
        private final Reconciliation reconciliation;

        Schedule(Reconciliation reconciliation) {
            this.reconciliation = reconciliation;
        }

        @Scheduled(
                fixedDelayString = "${lectern.recording.reconcile-interval:2m}",
                initialDelayString = "${lectern.recording.reconcile-interval:2m}")
        void run() {
            int created = reconciliation.run();
            if (created > 0) {
                log.info("reconciliation created {} videos whose webhook never came", created);
            }
        }
    }
}
