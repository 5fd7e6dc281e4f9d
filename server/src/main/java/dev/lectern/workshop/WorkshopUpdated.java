package dev.lectern.workshop;

import java.util.Set;

/**
 * Published inside the transaction of a PATCH that changed at least one field (CONTRACT §7.1), with the
 * row as it was and as it is now. Listeners that must share the transaction (the webhook outbox)
 * use a plain {@code @EventListener}; those that talk to the room or to users listen after commit.
 *
 * @param changed the contract's field names that differ between {@code before} and {@code after}
 */
public record WorkshopUpdated(Workshop before, Workshop after, Set<String> changed) {}
