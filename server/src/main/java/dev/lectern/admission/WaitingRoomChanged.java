package dev.lectern.admission;

/**
 * The queue of a workshop's waiting room, or a verdict in it, changed in this transaction. The socket edge
 * listens after commit and tells waiting users and moderators (coalesced), on every node.
 */
public record WaitingRoomChanged(long workshopId) {}
