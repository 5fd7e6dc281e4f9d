package dev.lectern.cluster;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Node liveness, in PostgreSQL beside the state it protects. Each node stamps its row every third of
 * {@code LECTERN_NODE_TTL} with the database's clock (so nodes' clocks need not agree). Every node
 * also looks for rows older than the TTL; the first to lock such a row ({@code FOR UPDATE SKIP
 * LOCKED}) reaps it — its sockets leave their rooms — and deletes it, in one transaction, so each
 * dead node is reaped exactly once. A dead node's users are therefore marked left at most
 * TTL + TTL/3 after its last heartbeat (20 s with the default 15 s), plus the time one reap takes, and their
 * presence ends at that last heartbeat, not at the reap.
 *
 * <p>A single node (no Redis) beats too, on the same cadence, so that a run that crashed leaves its last
 * heartbeat behind: at start-up, before the Socket.IO server takes anyone in, the presence that run left
 * open ends at that heartbeat ({@link Restart}). A clean stop stamps a last beat as well.
 */
@Component
public class Nodes implements SmartLifecycle {

    /** What a dead node leaves behind, and who cleans it up. */
    public interface Reaper {
        /**
         * Runs inside the transaction that claims the dead node; returns what to do once it commits.
         *
         * @param lastHeartbeat when the node was last seen alive: its users' presence ends there; null when this
         *     node releases its own presence on a clean stop (it ends now)
         */
        Runnable reap(String deadNode, Instant lastHeartbeat);

        /** This node was taken for dead (it stalled longer than the TTL) and its presence reaped. */
        void fenced();
    }

    /** A single node's start-up after an earlier run of it did not stop cleanly. */
    public interface Restart {
        /**
         * Presence an earlier run left open ends at that run's last heartbeat; null if none was recorded (a run
         * from before heartbeats were kept): then no time is credited beyond what was already counted.
         */
        void closeOpenPresence(Instant lastHeartbeat);
    }

    private static final Logger log = LoggerFactory.getLogger(Nodes.class);

    private final ClusterSettings settings;
    private final LocalNode node;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final List<Reaper> reapers;
    private final List<Restart> restarts;
    private volatile ScheduledExecutorService ticker;
    private volatile int alive;

    Nodes(
            ClusterSettings settings,
            LocalNode node,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            List<Reaper> reapers,
            List<Restart> restarts) {
        this.settings = settings;
        this.node = node;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.reapers = reapers;
        this.restarts = restarts;
    }

    @Override
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        if (!settings.enabled()) {
            startAlone();
            return;
        }
        jdbc.sql(
                        "INSERT INTO signaling_nodes (node_id, started_at, seen_at) VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                .param(node.id())
                .update();
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("cluster-nodes").factory());
        long every = settings.heartbeat().toMillis();
        // tick() catches everything, so the schedule never ends by an exception; stop() shuts the ticker down
        var unused = ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        log.info(
                "node {} joined the cluster (heartbeat every {} ms, dead after {})",
                node.id(),
                every,
                settings.nodeTtl());
    }

    /**
     * The heartbeat row of a single node. Its id is the same in every run (a node's own id changes with each
     * start), so the next run finds the last beat of the one before; cluster nodes never use it.
     */
    static final String ALONE = "single";

    /**
     * A single node: presence an earlier run left open ends at that run's last heartbeat, then this run
     * starts beating. One transaction, before the Socket.IO server starts (this bean's phase is lower).
     */
    private void startAlone() {
        tx.executeWithoutResult(status -> {
            Instant last = jdbc.sql("SELECT seen_at FROM signaling_nodes WHERE node_id = ? FOR UPDATE")
                    .param(ALONE)
                    .query(OffsetDateTime.class)
                    .optional()
                    .map(OffsetDateTime::toInstant)
                    .orElse(null);
            restarts.forEach(r -> r.closeOpenPresence(last));
            beatAlone();
        });
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("node-heartbeat").factory());
        long every = settings.heartbeat().toMillis();
        // tickAlone() catches everything, so the schedule never ends by an exception; stop() shuts the ticker down
        var unused = ticker.scheduleWithFixedDelay(this::tickAlone, every, every, TimeUnit.MILLISECONDS);
        log.info("single node: heartbeat every {} ms", every);
    }

    private void tickAlone() {
        try {
            beatAlone();
        } catch (RuntimeException e) {
            log.warn(
                    "heartbeat failed; retrying in {} ms: {}",
                    settings.heartbeat().toMillis(),
                    e.getMessage());
        }
    }

    private void beatAlone() {
        int updated = jdbc.sql("UPDATE signaling_nodes SET seen_at = CURRENT_TIMESTAMP WHERE node_id = ?")
                .param(ALONE)
                .update();
        if (updated == 0) {
            jdbc.sql(
                            "INSERT INTO signaling_nodes (node_id, started_at, seen_at) VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                    .param(ALONE)
                    .update();
        }
    }

    /** Runs after the Socket.IO server stopped (a lower phase stops later): what this node held is released at once. */
    @Override
    public synchronized void stop() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        ticker = null;
        if (!settings.enabled()) {
            tickAlone(); // the last beat: presence the stop could not close ends here at the next start
            return;
        }
        try {
            reap(node.id(), false);
        } catch (RuntimeException e) {
            log.warn("could not release this node's presence; the others reap it after {}", settings.nodeTtl(), e);
        }
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }

    /** Nodes with a fresh heartbeat, as of this node's last beat (0 without a cluster). */
    public int alive() {
        return alive;
    }

    void tick() {
        try {
            beat();
            for (String dead : expired()) {
                reap(dead, true);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "node heartbeat failed; retrying in {} ms: {}",
                    settings.heartbeat().toMillis(),
                    e.getMessage());
        }
    }

    private void beat() {
        int updated = jdbc.sql("UPDATE signaling_nodes SET seen_at = CURRENT_TIMESTAMP WHERE node_id = ?")
                .param(node.id())
                .update();
        if (updated == 0) {
            log.warn(
                    "node {} was taken for dead (it stalled longer than {}); its sockets reconnect",
                    node.id(),
                    settings.nodeTtl());
            jdbc.sql(
                            "INSERT INTO signaling_nodes (node_id, started_at, seen_at) VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                    .param(node.id())
                    .update();
            reapers.forEach(Reaper::fenced);
        }
    }

    private List<String> expired() {
        OffsetDateTime cutoff = cutoff();
        alive = jdbc.sql("SELECT COUNT(*) FROM signaling_nodes WHERE seen_at >= ?")
                .param(cutoff)
                .query(Integer.class)
                .single();
        return jdbc.sql("SELECT node_id FROM signaling_nodes WHERE seen_at < ? AND node_id <> ?")
                .param(cutoff)
                .param(node.id())
                .query(String.class)
                .list();
    }

    private OffsetDateTime cutoff() {
        Instant now = jdbc.sql("SELECT CURRENT_TIMESTAMP")
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
        return now.minus(settings.nodeTtl()).atOffset(ZoneOffset.UTC);
    }

    /** Claims the node's row (skipping it if another node is reaping it), reaps it and deletes it, in one transaction. */
    private void reap(String nodeId, boolean onlyIfExpired) {
        List<Runnable> after = tx.execute(status -> {
            var claimed = onlyIfExpired
                    ? jdbc.sql(
                                    "SELECT seen_at FROM signaling_nodes WHERE node_id = ? AND seen_at < ? FOR UPDATE SKIP LOCKED")
                            .param(nodeId)
                            .param(cutoff())
                            .query(OffsetDateTime.class)
                            .optional()
                    : jdbc.sql("SELECT seen_at FROM signaling_nodes WHERE node_id = ? FOR UPDATE")
                            .param(nodeId)
                            .query(OffsetDateTime.class)
                            .optional();
            if (claimed.isEmpty()) {
                return List.<Runnable>of();
            }
            Instant lastHeartbeat = onlyIfExpired ? claimed.get().toInstant() : null;
            List<Runnable> actions = new ArrayList<>();
            reapers.forEach(r -> actions.add(r.reap(nodeId, lastHeartbeat)));
            jdbc.sql("DELETE FROM signaling_nodes WHERE node_id = ?")
                    .param(nodeId)
                    .update();
            return actions;
        });
        if (after != null && !after.isEmpty()) {
            log.info(onlyIfExpired ? "reaped dead node {}" : "released this node's presence ({})", nodeId);
            after.forEach(Runnable::run);
        }
    }
}
