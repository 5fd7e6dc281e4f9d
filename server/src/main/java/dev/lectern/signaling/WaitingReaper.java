package dev.lectern.signaling;

import dev.lectern.admission.WaitingRoom;
import dev.lectern.cluster.Nodes;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * A dead node's waiting sockets are gone: their users keep their place for the reconnect grace, counted
 * from now (CONTRACT §7.2: after a restart every waiting user gets that window again).
 */
@Component
@ConditionalOnExpression("!'${lectern.cluster.redis-url:}'.isBlank()")
class WaitingReaper implements Nodes.Reaper {

    private final WaitingRoom rules;

    WaitingReaper(WaitingRoom rules) {
        this.rules = rules;
    }

    @Override
    public Runnable reap(String deadNode, Instant lastHeartbeat) {
        rules.releaseNode(deadNode); // in the claim's transaction; the queues hear of it after commit
        return () -> {};
    }

    @Override
    public void fenced() {
        // PresenceReaper disconnects this node's sockets; their waits end through the disconnects
    }
}
