package dev.lectern.workshop;

/**
 * Published wherever what a room shows changes — roles, speaking rights, hands, bans, the workshop's
 * status — inside the transaction that changes it. Whatever caches a room's state listens for this
 * one event (after commit), so a new way of changing a room only has to publish it.
 */
public record RoomChanged(long workshopId) {}
