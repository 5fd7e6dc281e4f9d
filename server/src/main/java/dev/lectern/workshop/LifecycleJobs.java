package dev.lectern.workshop;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The lobby opener and the no-show canceller. Each due workshop is handled in its own transaction
 * under a skip-locked row lock with its condition checked again, so several nodes can run these at
 * once and each workshop still moves once.
 */
@Component
public class LifecycleJobs {

    private static final Logger log = LoggerFactory.getLogger(LifecycleJobs.class);
    private static final int BATCH = 500;

    private final WorkshopRepository workshops;
    private final Lifecycle lifecycle;
    private final WorkshopSettings settings;
    private final Clock clock;

    LifecycleJobs(WorkshopRepository workshops, Lifecycle lifecycle, WorkshopSettings settings, Clock clock) {
        this.workshops = workshops;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.clock = clock;
    }

    /** Cancels workshops not started within the grace period; returns how many this call cancelled. */
    public int cancelNoShows() {
        var due = workshops.idsScheduledBy(
                List.of(WorkshopStatus.SCHEDULED, WorkshopStatus.LOBBY),
                clock.instant().minus(settings.noShowGrace()),
                BATCH);
        return (int) due.stream().filter(lifecycle::cancelIfNoShow).count();
    }

    /** Opens the lobbies that are due; returns how many this call opened. */
    public int openLobbies() {
        var due = workshops.idsScheduledBy(
                List.of(WorkshopStatus.SCHEDULED), clock.instant().plus(settings.lobbyOpens()), BATCH);
        return (int) due.stream().filter(lifecycle::openLobbyIfDue).count();
    }

    /** The schedule; off in tests, which call the jobs directly with a controlled clock. */
    @Component
    @ConditionalOnProperty(name = "lectern.jobs.enabled", havingValue = "true", matchIfMissing = true)
    static class Schedule {
        private final LifecycleJobs jobs;

        Schedule(LifecycleJobs jobs) {
            this.jobs = jobs;
        }

        @Scheduled(
                fixedDelayString = "${lectern.jobs.interval:15s}",
                initialDelayString = "${lectern.jobs.interval:15s}")
        void run() {
            try {
                int cancelled = jobs.cancelNoShows();
                int opened = jobs.openLobbies();
                if (cancelled + opened > 0) {
                    log.info("lifecycle jobs: {} lobbies opened, {} no-shows cancelled", opened, cancelled);
                }
            } catch (RuntimeException e) {
                log.warn("lifecycle jobs failed; retrying next round", e);
            }
        }
    }
}
