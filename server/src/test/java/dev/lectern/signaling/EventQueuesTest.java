package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

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
            assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 1000).boxed().toList());
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
            assertThat(runs).containsSubsequence("a,b,c", "d,e", "task", "f").contains("other workshop").hasSize(5);
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
}
