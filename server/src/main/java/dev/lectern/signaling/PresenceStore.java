package dev.lectern.signaling;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who is in which room: a user is present while at least one of their sockets is in the room, so a
 * second tab neither joins twice nor leaves early. One implementation is chosen at start-up:
 * {@link LocalPresence} on a single node, {@link ClusteredPresence} with several (both keep this
 * node's sockets the same way; the clustered one answers "did they just arrive or leave" and "who is
 * present" for the whole cluster). Callers never ask which one they have.
 */
interface PresenceStore {

    /** Puts the socket in the room; true if it is the user's first socket there (they just arrived). */
    boolean enter(long workshopId, long userId, UUID socket);

    /** Takes the socket out; true if it was the user's last one there (they just left). */
    boolean exit(long workshopId, long userId, UUID socket);

    /** Takes all of a user's sockets out of the room (a ban), on every node's books; returns this node's. */
    Set<UUID> evict(long workshopId, long userId);

    /** This node's sockets of the user leave the room's books (another node evicted them); returns them. */
    Set<UUID> evictLocally(long workshopId, long userId);

    /** The users present in a workshop's room (a copy). */
    List<Long> users(long workshopId);

    /** How many users are present in the room (what {@link #users} would list, without the list). */
    default int count(long workshopId) {
        return users(workshopId).size();
    }

    /** Whether the user still has a socket in the room, on any node. */
    boolean isPresent(long workshopId, long userId);

    /** Whether this node's socket is in the room. */
    boolean contains(long workshopId, UUID socket);

    /** The workshops this node's socket is in (a copy). */
    Set<Long> workshopsOf(UUID socket);
}
