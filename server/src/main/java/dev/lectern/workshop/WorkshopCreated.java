package dev.lectern.workshop;

/**
 * Published inside the transaction that created a workshop. The webhook outbox listens with a plain
 * {@code @EventListener} to write its row in that same transaction.
 */
public record WorkshopCreated(long workshopId) {}
