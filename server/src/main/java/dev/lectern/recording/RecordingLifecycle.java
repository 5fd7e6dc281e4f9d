package dev.lectern.recording;

import dev.lectern.workshop.WorkshopStatus;
import dev.lectern.workshop.WorkshopTransitioned;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Starts recording when a workshop goes live and stops it when it ends — after the transition has
 * committed and on the recording executor, so {@code start}/{@code end} answer in the same time
 * whether Agora is fast, slow, down or not configured. Tasks of one workshop run one after another.
 */
@Component
class RecordingLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecordingLifecycle.class);

    private final Recorder recorder;
    private final ExecutorService executor;
    private final Map<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    RecordingLifecycle(Recorder recorder, ExecutorService recordingExecutor) {
        this.recorder = recorder;
        this.executor = recordingExecutor;
    }

    @TransactionalEventListener
    void on(WorkshopTransitioned event) {
        if (event.to() == WorkshopStatus.LIVE) {
            enqueue(event.workshopId(), () -> recorder.start(event.workshopId(), event.agoraChannel()));
        } else if (event.to() == WorkshopStatus.ENDED) {
            enqueue(event.workshopId(), () -> recorder.stop(event.workshopId(), event.agoraChannel()));
        }
    }

    private void enqueue(long workshopId, Runnable task) {
        CompletableFuture<Void> next = tails.compute(
                workshopId,
                (id, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                        .thenRunAsync(() -> run(workshopId, task), executor));
        // Registered after compute returns: a task that is already done runs this callback at once, and
        // inside compute that removal would touch the map mid-update and leave the finished tail behind.
        var unused = next.whenComplete((ok, error) -> tails.remove(workshopId, next));
    }

    private static void run(long workshopId, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("recording task for workshop {} failed", workshopId, e);
        }
    }
}
