package dev.lectern.signaling;

import dev.lectern.system.LecternException.RateLimited;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * One serial queue per workshop on the signaling executor: events of one workshop run one at a
 * time, events of different workshops run in parallel. Idle workshops cost nothing: a queue exists
 * only while it has work.
 *
 * <p>Each queue has two lanes (docs/signaling.md has the diagram). The <b>priority lane</b> holds the
 * events of the room's moderators (host, co-hosts: {@link Moderators}) and the server's own work
 * (lifecycle broadcasts, presence flushes); the <b>attendee lane</b> everyone else's. The next unit
 * to run is always taken from the priority lane while it has anything, so a moderator's event waits
 * at most for the one attendee unit already running, never behind the attendees' backlog. The
 * attendee lane is bounded: at most {@code laneBound} client events wait in it, and at most
 * {@code perUser} of any one user (all their sockets together), so one user cannot fill it alone;
 * an event over either bound is refused at once ({@code submit} returns false, the caller answers
 * {@code rate_limited}) and has no effect. Work the server must do on a user's behalf (the leaves of
 * a disconnect) takes that user's lane but is never refused.
 *
 * <p>Within a lane, order is arrival order, and a socket's events always take the same lane as
 * long as its role holds, so one socket's events run in the order sent. Items of a {@link Batch}
 * that wait next to each other at the head of a lane run together, in their order, as one call:
 * that is how a busy room's chat messages share one commit instead of waiting for one WAL flush
 * each. Batching never reorders: an item submitted after an unrelated event still runs after it.
 *
 * <p>Each unit runs in a fresh virtual thread and the queue is handed back to the executor after
 * every unit, so a flooded workshop holds one thread (and at most one JDBC connection) at a time and
 * its neighbours are scheduled in between: one workshop cannot occupy the executor or the pool.
 */
@Component
class EventQueues {

    /** Client events waiting in one workshop's attendee lane, at most: at ~1 ms each, about 2 s of work. */
    static final int LANE_BOUND = 2000;
    /**
     * Client events of one user waiting in a workshop's attendee lane, at most: above the per-socket
     * limit (60 per 10 s by default), so one socket's allowed burst is never cut short, and far below
     * the lane's bound, so no user fills it alone.
     */
    static final int PER_USER = 128;

    private static final Logger log = LoggerFactory.getLogger(EventQueues.class);

    /** Items that may run together; {@code max} bounds how many wait for one call. */
    record Batch<T>(int max, Consumer<List<T>> run) {

        Batch {
            if (max < 1) {
                throw new IllegalArgumentException("max must be at least 1");
            }
        }
    }

    /**
     * A queued task ({@code batch == null}) or a batchable item; {@code user} is the attendee whose
     * bounded share it takes, or {@link #UNCOUNTED}.
     */
    private record Entry(Batch<?> batch, Object item, long user) {}

    /** The same registered batch, by identity: two features' batches never run together, whatever their fields. */
    @SuppressWarnings("ReferenceEquality")
    private static boolean isSameBatch(Entry next, Entry head) {
        return next.batch() == head.batch();
    }

    private static final long UNCOUNTED = Long.MIN_VALUE;

    /** One workshop's waiting work. Only touched under the map's per-key lock (compute). */
    private static final class Lanes {
        final ArrayDeque<Entry> priority = new ArrayDeque<>();
        final ArrayDeque<Entry> attendees = new ArrayDeque<>();
        /** Counted entries waiting in {@code attendees}, in all and per user. */
        int counted;

        final Map<Long, Integer> perUser = new HashMap<>();

        boolean isEmpty() {
            return priority.isEmpty() && attendees.isEmpty();
        }

        int size() {
            return priority.size() + attendees.size();
        }
    }

    private final ExecutorService executor;
    private final Moderators moderators;
    private final int laneBound;
    private final int perUser;
    private final Counter refusedFull;
    private final Counter refusedUser;
    /**
     * The waiting events of each workshop that has work. A workshop has an entry exactly while a run of
     * its queue is scheduled or running, so the entry's existence is the "running" flag; every change
     * goes through the map's per-key lock (compute).
     */
    private final Map<Long, Lanes> lanes = new ConcurrentHashMap<>();

    @Autowired
    EventQueues(@Qualifier("signalingExecutor") ExecutorService executor, Moderators moderators, MeterRegistry meters) {
        this(executor, moderators, meters, LANE_BOUND, PER_USER);
    }

    /** For tests: no moderators known, no metrics kept. */
    EventQueues(ExecutorService executor) {
        this(executor, new Moderators(), new SimpleMeterRegistry(), LANE_BOUND, PER_USER);
    }

    EventQueues(ExecutorService executor, Moderators moderators, MeterRegistry meters, int laneBound, int perUser) {
        this.executor = executor;
        this.moderators = moderators;
        this.laneBound = laneBound;
        this.perUser = perUser;
        this.refusedFull = EventRateLimit.refusedCounter(meters, "workshop_queue_full");
        this.refusedUser = EventRateLimit.refusedCounter(meters, "user_queue_full");
    }

    /** The server's own work for a workshop: the priority lane, after what is already in it; never refused. */
    void submit(long workshopId, Runnable task) {
        enqueue(workshopId, new Entry(null, task, UNCOUNTED), true, false);
    }

    /** Like {@link #submit(long, Runnable)}, but may run together with its batch's neighbours. */
    <T> void submit(long workshopId, Batch<T> batch, T item) {
        enqueue(workshopId, new Entry(batch, item, UNCOUNTED), true, false);
    }

    /**
     * A client event of {@code userId}: their lane (priority for the room's moderators), after
     * everything submitted before it there. False, with nothing queued, when the attendee lane or the
     * user's share of it is full.
     */
    boolean submit(long workshopId, long userId, Runnable task) {
        return offer(workshopId, userId, null, task);
    }

    /** Like {@link #submit(long, long, Runnable)}, but may run together with its batch's neighbours. */
    <T> boolean submit(long workshopId, long userId, Batch<T> batch, T item) {
        return offer(workshopId, userId, batch, item);
    }

    /** Work on behalf of {@code userId} (a disconnect's leave): their lane, never refused nor counted. */
    void submitFor(long workshopId, long userId, Runnable task) {
        enqueue(workshopId, new Entry(null, task, UNCOUNTED), moderators.is(workshopId, userId), false);
    }

    /** The refusal of an event the attendee lane had no room for. */
    static RateLimited full() {
        return new RateLimited("the workshop has too much work queued; retry in a moment");
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

    private boolean offer(long workshopId, long userId, Batch<?> batch, Object item) {
        boolean moderator = moderators.is(workshopId, userId);
        return enqueue(workshopId, new Entry(batch, item, moderator ? UNCOUNTED : userId), moderator, !moderator);
    }

    /** Queues the entry unless {@code bounded} and a bound is reached; true if queued. */
    private boolean enqueue(long workshopId, Entry entry, boolean priority, boolean bounded) {
        boolean[] start = {false};
        int[] refused = {0}; // 1: the lane is full, 2: the user's share is
        lanes.compute(workshopId, (id, waiting) -> {
            Lanes w = waiting;
            if (w == null) {
                w = new Lanes();
                start[0] = true;
            }
            if (bounded) {
                int mine = w.perUser.getOrDefault(entry.user(), 0);
                if (w.counted >= laneBound || mine >= perUser) {
                    refused[0] = w.counted >= laneBound ? 1 : 2;
                    start[0] = false;
                    return waiting; // unchanged (null stays null: nothing is scheduled)
                }
                w.counted++;
                w.perUser.put(entry.user(), mine + 1);
            }
            (priority ? w.priority : w.attendees).addLast(entry);
            return w;
        });
        if (refused[0] != 0) {
            (refused[0] == 1 ? refusedFull : refusedUser).increment();
            return false;
        }
        if (start[0]) {
            schedule(workshopId);
        }
        return true;
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
            // the priority lane first, whatever the attendees have queued
            ArrayDeque<Entry> lane = waiting.priority.isEmpty() ? waiting.attendees : waiting.priority;
            Entry head = lane.pollFirst();
            if (head != null) {
                unit.add(head);
                while (head.batch() != null
                        && unit.size() < head.batch().max()
                        && !lane.isEmpty()
                        && isSameBatch(lane.peekFirst(), head)) {
                    unit.add(lane.pollFirst());
                }
                for (Entry e : unit) {
                    if (e.user() != UNCOUNTED) {
                        waiting.counted--;
                        waiting.perUser.computeIfPresent(e.user(), (u, n) -> n == 1 ? null : n - 1);
                    }
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
