package dev.lectern.signaling;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * One serial queue per workshop on the signaling executor: events of one workshop run one at a
 * time in the order they arrived, events of different workshops run in parallel. A queue is a chain
 * of futures; the map holds only its tail and forgets it once it has run, so idle workshops cost nothing.
 */
@Component
class EventQueues {

    private static final Logger log = LoggerFactory.getLogger(EventQueues.class);

    private final ExecutorService executor;
    private final Map<Long, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    EventQueues(@Qualifier("signalingExecutor") ExecutorService executor) {
        this.executor = executor;
    }

    /** Runs the task after every task submitted before it for the same workshop. */
    void submit(long workshopId, Runnable task) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] mine = new CompletableFuture[1];
        tails.compute(workshopId, (id, tail) -> {
            CompletableFuture<Void> previous = tail == null ? CompletableFuture.completedFuture(null) : tail;
            // exceptionally(): a rejected run (executor closed at shutdown) must not block the ones after it
            mine[0] = previous.exceptionally(e -> null).thenRunAsync(() -> runSafely(task), executor);
            return mine[0];
        });
        mine[0].whenComplete((ok, error) -> tails.remove(workshopId, mine[0]));
    }

    /** Workshops with work queued or running; for tests and metrics. */
    int busy() {
        return tails.size();
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            log.error("signaling task failed", e);
        }
    }
}
