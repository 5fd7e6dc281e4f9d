package dev.lectern.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/**
 * Messages to every other node. Without Redis there are no other nodes and publishing does nothing.
 * Delivery is at most once and in publishing order from one node; a node never receives its own.
 */
public interface ClusterBus extends AutoCloseable {

    /** Whether there are other nodes to tell; without them, callers skip building messages. */
    boolean shared();

    /** Never blocks and never throws: a failure is counted, logged once per outage, and the message dropped. */
    void publish(String kind, JsonNode body);

    /** Called on a Redis I/O thread for each message of this kind from another node; must not block. */
    void subscribe(String kind, Consumer<JsonNode> handler);

    @Override
    default void close() {}

    /** What the health endpoint shows. */
    BusState state();

    /**
     * @param up messages go out and come back (this node hears its own probe); always true without Redis
     * @param downSince when it stopped being up, or null
     */
    record BusState(
            boolean shared, boolean up, String downSince, long published, long received, long publishFailures) {}
}
