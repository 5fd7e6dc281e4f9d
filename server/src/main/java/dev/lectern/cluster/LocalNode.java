package dev.lectern.cluster;

import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * This process among the nodes. The id is new at every start: a restarted node is a new node, and
 * whatever its previous life left behind is reaped like any dead node's.
 */
@Component
public class LocalNode {

    private final String id = UUID.randomUUID().toString();

    public String id() {
        return id;
    }
}
