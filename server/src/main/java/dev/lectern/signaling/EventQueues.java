package dev.lectern.signaling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * One serial queue per workshop on the signaling executor: events of one workshop run one at a
 * time in the order they arrived, events of different workshops run in parallel. Idle workshops
 * cost nothing: a queue exists only while it has work.
 *
 * <p>Items of a {@link Batch} that wait next to each other at the head of a queue run together, in
 * their order, as one call: that is how a busy room's chat messages share one commit instead of
 * waiting for one WAL flush each. Batching never reorders: an item submitted after an unrelated
 * event still runs after it.
 */
@Component
class EventQueues {

    private static final Logger log = LoggerFactory.getLogger(EventQueues.class);

    /** Items that may run together; {@code max} bounds how many wait for one call. */
    record Batch<T>(int max, Consumer<List<T>> run) {

        Batch {
            if (max < 1) {
                throw new IllegalArgumentException("max must be at least 1");
            }
        }
    }

    /** A queued task ({@code batch == null}) or a batchable item. */
    private record Entry(Batch<?> batch, Object item) {
    }

    private final ExecutorService executor;
    /**
     * The waiting events of each workshop that has work. A workshop has an entry exactly while a run of
     * its queue is scheduled or running, so the entry's existence is the "running" flag; every change
     * goes through the map's per-key lock (compute).
     */
    private final Map<Long, ArrayDeque<Entry>> lanes = new ConcurrentHashMap<>();

    EventQueues(@Qualifier("signalingExecutor") ExecutorService executor) {
        this.executor = executor;
    }

    /** Runs the task after every task submitted before it for the same workshop. */
    void submit(long workshopId, Runnable task) {
        enqueue(workshopId, new Entry(null, task));
    }

    /** Like {@link #submit(long, Runnable)}, but may run together with its batch's neighbours. */
    <T> void submit(long workshopId, Batch<T> batch, T item) {
        enqueue(workshopId, new Entry(batch, item));
    }

    /** Workshops with work queued or running; for tests and metrics. */
    int busy() {
        return lanes.size();
    }

    /** Events waiting (not yet running) in one workshop's queue; for tests. */
    int waiting(long workshopId) {
        int[] n = {0};
        lanes.computeIfPresent(workshopId, (id, waiting) -> {
            n[0] = waiting.size();
            return waiting;
        });
        return n[0];
    }

    private void enqueue(long workshopId, Entry entry) {
        boolean[] start = {false};
        lanes.compute(workshopId, (id, waiting) -> {
            ArrayDeque<Entry> w = waiting;
            if (w == null) {
                w = new ArrayDeque<>();
                start[0] = true;
            }
            w.addLast(entry);
            return w;
        });
        if (start[0]) {
            schedule(workshopId);
        }
    }

    private void schedule(long workshopId) {
        try {
            executor.execute(() -> runNext(workshopId));
        } catch (RejectedExecutionException e) {
            // the executor is closed (shutdown): what is queued can no longer run
            lanes.remove(workshopId);
            log.debug("signaling executor closed; dropped the queue of workshop {}", workshopId);
        }
    }

    /** Runs one task or one batch, then hands the queue back to the executor (or forgets it when empty). */
    private void runNext(long workshopId) {
        List<Entry> unit = new ArrayList<>();
        lanes.computeIfPresent(workshopId, (id, waiting) -> {
            Entry head = waiting.pollFirst();
            if (head != null) {
                unit.add(head);
                while (head.batch() != null && unit.size() < head.batch().max()
                        && !waiting.isEmpty() && waiting.peekFirst().batch() == head.batch()) {
                    unit.add(waiting.pollFirst());
                }
            }
            return waiting;
        });
        if (!unit.isEmpty()) {
            runSafely(unit);
        }
        boolean[] more = {false};
        lanes.computeIfPresent(workshopId, (id, waiting) -> {
            if (waiting.isEmpty()) {
                return null;
            }
            more[0] = true;
            return waiting;
        });
        if (more[0]) {
            schedule(workshopId);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void runSafely(List<Entry> unit) {
        try {
            Entry head = unit.getFirst();
            if (head.batch() == null) {
                ((Runnable) head.item()).run();
            } else {
                List<Object> items = new ArrayList<>(unit.size());
                unit.forEach(e -> items.add(e.item()));
                ((Batch) head.batch()).run().accept(items);
            }
        } catch (RuntimeException | Error e) {
            log.error("signaling task failed", e);
        }
    }
}
