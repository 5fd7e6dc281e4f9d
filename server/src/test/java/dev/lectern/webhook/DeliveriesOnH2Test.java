package dev.lectern.webhook;

import static dev.lectern.system.Sql.ts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's claims on the embedded default's H2 (PostgreSQL mode, the real migrations): FOR UPDATE
 * SKIP LOCKED with LIMIT parses there, a second claimer skips rows another transaction holds rather
 * than waiting, and a lease keeps claimed rows from the next claim. PostgreSQL runs the real senders
 * in {@link WebhookDeliveryTest}.
 */
class DeliveriesOnH2Test {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    private JdbcClient jdbc;
    private Deliveries deliveries;
    private TransactionTemplate tx;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        // a file database, as the embedded default runs (DB_CLOSE_DELAY keeps it open between connections)
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("outbox").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("INSERT INTO users (id, display_name, created_at, updated_at) VALUES (1, 'x', ?, ?)").params(ts(NOW), ts(NOW)).update();
        jdbc.sql("INSERT INTO workshops (title, host_id, status, scheduled_start, duration_minutes, agora_channel, created_at) VALUES ('t', 1, 'scheduled', ?, 60, 'c', ?)").params(ts(NOW), ts(NOW)).update();
        System.out.println("WORKSHOP INSERT OK");
        deliveries = new Deliveries(jdbc);
        tx = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        for (int i = 0; i < 4; i++) {
            jdbc.sql("""
                    INSERT INTO webhook_deliveries (message_id, event_type, url, body, state, created_at, expires_at, next_attempt_at)
                    VALUES (?, 'workshop.created', 'http://127.0.0.1:1/hook', '{}', 'pending', ?, ?, ?)""")
                    .params("msg_" + i, ts(NOW), ts(NOW.plusSeconds(86_400)), ts(NOW)).update();
        }
    }

    @Test
    void aLeasedRowIsNotClaimedAgainUntilItsLeaseEnds() {
        List<Deliveries.Delivery> first = tx.execute(s -> deliveries.claim(NOW, NOW.plusSeconds(30), 3));
        assertThat(first).extracting(Deliveries.Delivery::messageId).containsExactly("msg_0", "msg_1", "msg_2");
        List<Deliveries.Delivery> second = tx.execute(s -> deliveries.claim(NOW, NOW.plusSeconds(30), 10));
        assertThat(second).extracting(Deliveries.Delivery::messageId).containsExactly("msg_3");
        List<Deliveries.Delivery> afterLease = tx.execute(s -> deliveries.claim(NOW.plusSeconds(31), NOW.plusSeconds(60), 10));
        assertThat(afterLease).hasSize(4);
        deliveries.delivered(first.getFirst().id(), 204, NOW);
        assertThat(deliveries.pending()).isEqualTo(3);
        assertThat(deliveries.dropped(first.getFirst().id(), 500, "late")).as("a delivered row stays delivered").isFalse();
    }

    @Test
    void aSecondClaimerSkipsRowsAnotherTransactionHoldsInsteadOfWaiting() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<Deliveries.Delivery>> holder = CompletableFuture.supplyAsync(() -> tx.execute(s -> {
            List<Deliveries.Delivery> mine = deliveries.claim(NOW, NOW.plusSeconds(30), 2);
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return mine;
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();
        List<Deliveries.Delivery> other = tx.execute(s -> deliveries.claim(NOW, NOW.plusSeconds(30), 10));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("did not wait for the lock").isLessThan(5_000);
        release.countDown();
        List<Deliveries.Delivery> mine = holder.get(10, TimeUnit.SECONDS);
        assertThat(mine).hasSize(2);
        assertThat(other).extracting(Deliveries.Delivery::messageId)
                .doesNotContainAnyElementsOf(mine.stream().map(Deliveries.Delivery::messageId).toList())
                .hasSize(2);
    }
}
