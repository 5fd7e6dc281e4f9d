package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventQueuesTest {

    @Test
    void runsOneWorkshopsEventsOneAtATimeInArrivalOrder() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            EventQueues queues = new EventQueues(executor);
            List<Integer> seen = new CopyOnWriteArrayList<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                int n = i;
                queues.submit(42, () -> {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.add(n);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen)
                    .containsExactlyElementsOf(IntStream.range(0, 1000).boxed().toList());
            assertThat(overlaps).hasValue(0);
        }
    }

    @Test
    void aFailingEventDoesNotStopTheOnesAfterItAndIdleQueuesAreForgotten() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            EventQueues queues = new EventQueues(executor);
            CountDownLatch after = new CountDownLatch(1);
            queues.submit(1, () -> {
                throw new IllegalStateException("boom");
            });
            queues.submit(1, after::countDown);
            assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
            long deadline = System.currentTimeMillis() + 5000;
            while (queues.busy() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(queues.busy()).isZero();
        }
    }

    @Test
    void differentWorkshopsRunInParallel() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            EventQueues queues = new EventQueues(executor);
            CountDownLatch bothStarted = new CountDownLatch(2);
            CountDownLatch finished = new CountDownLatch(2);
            for (long workshop = 1; workshop <= 2; workshop++) {
                queues.submit(workshop, () -> {
                    bothStarted.countDown();
                    try {
                        // each waits for the other: only possible if they run at the same time
                        if (bothStarted.await(5, TimeUnit.SECONDS)) {
                            finished.countDown();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void neighbouringItemsOfABatchRunTogetherButNeverAcrossAnotherEvent() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            EventQueues queues = new EventQueues(executor);
            List<String> runs = new CopyOnWriteArrayList<>();
            EventQueues.Batch<String> batch = new EventQueues.Batch<>(3, items -> runs.add(String.join(",", items)));
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            queues.submit(7, () -> {
                holding.countDown();
                try {
                    hold.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            for (String item : List.of("a", "b", "c", "d", "e")) {
                queues.submit(7, batch, item);
            }
            queues.submit(7, () -> runs.add("task"));
            queues.submit(7, batch, "f");
            queues.submit(8, batch, "other workshop");
            queues.submit(7, done::countDown);
            assertThat(queues.waiting(7)).isEqualTo(8);
            hold.countDown();

            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(runs)
                    .containsSubsequence("a,b,c", "d,e", "task", "f")
                    .contains("other workshop")
                    .hasSize(5);
        }
    }

    @Test
    void aFailingBatchDoesNotStopTheQueue() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            EventQueues queues = new EventQueues(executor);
            EventQueues.Batch<Integer> failing = new EventQueues.Batch<>(10, items -> {
                throw new IllegalStateException("boom");
            });
            CountDownLatch after = new CountDownLatch(1);
            queues.submit(3, failing, 1);
            queues.submit(3, after::countDown);
            assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void moderatorsAndTheServersOwnWorkRunBeforeTheAttendeesBacklog() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Moderators moderators = new Moderators();
            moderators.set(5, 1, true); // user 1 hosts workshop 5
            EventQueues queues = new EventQueues(executor, moderators, new SimpleMeterRegistry(), 100, 100);
            List<String> runs = new CopyOnWriteArrayList<>();
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            assertThat(queues.submit(5, 2, () -> {
                        holding.countDown();
                        await(hold);
                    }))
                    .isTrue();
            assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 50; i++) {
                int n = i;
                assertThat(queues.submit(5, 2 + i % 3, () -> runs.add("attendee " + n)))
                        .isTrue();
            }
            assertThat(queues.submit(5, 1, () -> runs.add("host"))).isTrue();
            queues.submit(5, () -> runs.add("lifecycle"));
            assertThat(queues.submit(5, 1, () -> runs.add("host again"))).isTrue();
            queues.submitFor(5, 3, done::countDown); // a disconnect's leave: the attendee lane, last
            hold.countDown();

            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(runs.subList(0, 3)).containsExactly("host", "lifecycle", "host again");
            assertThat(runs.subList(3, runs.size()))
                    .containsExactlyElementsOf(IntStream.range(0, 50)
                            .mapToObj(i -> "attendee " + i)
                            .toList());
        }
    }

    @Test
    void theAttendeeLaneIsBoundedInAllAndPerUserButModeratorsAndServerWorkAreNeverRefused() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Moderators moderators = new Moderators();
            moderators.set(9, 1, true);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            EventQueues queues = new EventQueues(executor, moderators, meters, 10, 4);
            CountDownLatch hold = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            queues.submit(9, () -> await(hold)); // the queue is busy: everything below waits
            Thread.sleep(50);

            int flooderQueued = 0;
            for (int i = 0; i < 100; i++) {
                flooderQueued += queues.submit(9, 2, ran::incrementAndGet) ? 1 : 0;
            }
            assertThat(flooderQueued).as("one user's share").isEqualTo(4);
            int othersQueued = 0;
            for (long user = 3; user < 20; user++) {
                othersQueued += queues.submit(9, user, ran::incrementAndGet) ? 1 : 0;
            }
            assertThat(othersQueued).as("the rest of the lane's bound").isEqualTo(6);
            for (int i = 0; i < 50; i++) {
                assertThat(queues.submit(9, 1, ran::incrementAndGet))
                        .as("the host")
                        .isTrue();
                queues.submitFor(9, 2, ran::incrementAndGet);
            }
            queues.submit(9, ran::incrementAndGet);
            // another workshop has its own bound
            assertThat(queues.submit(10, 2, ran::incrementAndGet)).isTrue();
            assertThat(meters.counter("lectern.socket.events.refused", "reason", "user_queue_full")
                            .count())
                    .isEqualTo(96);
            assertThat(meters.counter("lectern.socket.events.refused", "reason", "workshop_queue_full")
                            .count())
                    .isEqualTo(11);

            hold.countDown();
            long deadline = System.currentTimeMillis() + 5000;
            while (ran.get() < 4 + 6 + 100 + 1 + 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertThat(ran).hasValue(4 + 6 + 100 + 1 + 1);
            // drained: the bound is free again
            while (queues.busy() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            for (int i = 0; i < 4; i++) {
                assertThat(queues.submit(9, 2, ran::incrementAndGet)).isTrue();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
