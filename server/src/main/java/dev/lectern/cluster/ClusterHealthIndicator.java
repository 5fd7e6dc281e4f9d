package dev.lectern.cluster;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The {@code cluster} health component: UP on one node, or while the Redis bus carries this node's
 * own probe back to it; DEGRADED (still HTTP 200, and the node as a whole stays UP) while it does not,
 * because the node still serves its own sockets and the load balancer should keep it. Details at
 * {@code /actuator/health/signaling}.
 */
@Component
class ClusterHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "cross-node delivery through Redis is not working");

    private final ClusterBus bus;
    private final Nodes nodes;
    private final LocalNode node;

    ClusterHealthIndicator(ClusterBus bus, Nodes nodes, LocalNode node) {
        this.bus = bus;
        this.nodes = nodes;
        this.node = node;
    }

    @Override
    public Health health() {
        ClusterBus.BusState s = bus.state();
        if (!s.shared()) {
            return Health.up().withDetail("mode", "single node").build();
        }
        Health.Builder health =
                s.up() ? Health.up() : Health.status(DEGRADED).withDetail("redisDownSince", s.downSince());
        return health.withDetail("mode", "cluster")
                .withDetail("node", node.id())
                .withDetail("aliveNodes", nodes.alive())
                .withDetail("redis", s.up() ? "UP" : "DOWN")
                .withDetail("published", s.published())
                .withDetail("received", s.received())
                .withDetail("publishFailures", s.publishFailures())
                .build();
    }
}
