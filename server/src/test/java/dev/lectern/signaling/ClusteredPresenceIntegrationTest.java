package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.cluster.LocalNode;
import dev.lectern.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cluster presence on the real PostgreSQL, two "nodes" in one JVM (two stores with their own node
 * ids, as two processes would have): the several-tabs rule holds when the tabs are on different nodes
 * and open or close at the same instant, and reaping a dead node leaves only the users it took away.
 */
class ClusteredPresenceIntegrationTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void ofTwoTabsOnTwoNodesOpeningOrClosingAtOnceExactlyOneArrivesAndExactlyOneLeaves() throws Exception {
        ClusteredPresence a = new ClusteredPresence(jdbc, transactions, new LocalNode());
        ClusteredPresence b = new ClusteredPresence(jdbc, transactions, new LocalNode());
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int trial = 0; trial < 100; trial++) {
                long workshop = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
                long user = newUserId();
                UUID tabA = UUID.randomUUID();
                UUID tabB = UUID.randomUUID();

                List<Boolean> arrived =
                        both(pool, () -> a.enter(workshop, user, tabA), () -> b.enter(workshop, user, tabB));
                assertThat(arrived).as("trial %d: arrivals", trial).containsExactlyInAnyOrder(true, false);
                assertThat(a.sockets(workshop, user)).isEqualTo(2);
                assertThat(a.users(workshop)).containsExactly(user);

                List<Boolean> left = both(pool, () -> a.exit(workshop, user, tabA), () -> b.exit(workshop, user, tabB));
                assertThat(left).as("trial %d: departures", trial).containsExactlyInAnyOrder(true, false);
                assertThat(b.users(workshop)).isEmpty();
            }
        }
    }

    @Test
    void aDeadNodesUsersLeaveUnlessTheyHaveASocketOnAnotherNode() {
        ClusteredPresence alive = new ClusteredPresence(jdbc, transactions, new LocalNode());
        LocalNode deadNode = new LocalNode();
        ClusteredPresence dead = new ClusteredPresence(jdbc, transactions, deadNode);
        long workshop = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        long ada = newUserId();
        long bob = newUserId();
        assertThat(dead.enter(workshop, ada, UUID.randomUUID())).isTrue();
        assertThat(alive.enter(workshop, ada, UUID.randomUUID())).isFalse(); // Ada reconnected elsewhere
        assertThat(dead.enter(workshop, bob, UUID.randomUUID())).isTrue();
        assertThat(dead.enter(workshop, bob, UUID.randomUUID())).isFalse(); // two tabs, both on the dead node

        var gone = new TransactionTemplate(transactions).execute(s -> alive.removeNode(deadNode.id()));

        assertThat(gone).containsExactly(new ClusteredPresence.Departure(workshop, bob));
        assertThat(alive.users(workshop)).containsExactly(ada);
        assertThat(alive.sockets(workshop, ada)).isEqualTo(1);
        assertThat(alive.sockets(workshop, bob)).isZero();
    }

    @Test
    void evictingTakesTheUsersSocketsOnEveryNode() {
        ClusteredPresence a = new ClusteredPresence(jdbc, transactions, new LocalNode());
        ClusteredPresence b = new ClusteredPresence(jdbc, transactions, new LocalNode());
        long workshop = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        long rex = newUserId();
        UUID onA = UUID.randomUUID();
        UUID onB = UUID.randomUUID();
        a.enter(workshop, rex, onA);
        b.enter(workshop, rex, onB);

        assertThat(a.evict(workshop, rex))
                .as("this node's sockets, for it to take out of the room")
                .containsExactly(onA);

        assertThat(a.users(workshop)).isEmpty();
        assertThat(a.isPresent(workshop, rex)).isFalse();
        assertThat(a.contains(workshop, onA)).isFalse();
        assertThat(b.contains(workshop, onB))
                .as("b's own books wait for the bus's news")
                .isTrue();
        assertThat(b.exit(workshop, rex, onB))
                .as("an evicted socket's later disconnect is no second departure")
                .isFalse();
    }

    private static List<Boolean> both(ExecutorService pool, BooleanSupplier first, BooleanSupplier second)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Boolean>> runs = new ArrayList<>();
        for (BooleanSupplier s : List.of(first, second)) {
            runs.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            start.await();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return s.getAsBoolean();
                    },
                    pool));
        }
        return List.of(runs.get(0).get(), runs.get(1).get());
    }
}
