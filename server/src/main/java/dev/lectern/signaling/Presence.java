package dev.lectern.signaling;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Who is in which room: a user is present while at least one of their sockets is in the room, so a
 * second tab neither joins twice nor leaves early. This node's sockets are tracked here; with several
 * nodes ({@link SharedPresence}) the questions that matter — did the user just arrive or leave, who
 * is present — are answered for the whole cluster. Every operation is O(1) in the size of the room
 * (except listing it for a snapshot).
 */
@Component
class Presence {

    private final SharedPresence shared;
    // workshop → user → that user's sockets in the room, on this node
    private final Map<Long, Map<Long, Set<UUID>>> rooms = new ConcurrentHashMap<>();
    // socket → the workshops it is in, to leave them all on disconnect
    private final Map<UUID, Set<Long>> bySocket = new ConcurrentHashMap<>();

    Presence(Optional<SharedPresence> shared) {
        this.shared = shared.orElse(null);
    }

    /** Puts the socket in the room; true if it is the user's first socket there (they just arrived). */
    boolean enter(long workshopId, long userId, UUID socket) {
        boolean first = enterLocally(workshopId, userId, socket);
        return shared == null ? first : shared.enter(workshopId, userId, socket);
    }

    /** Takes the socket out; true if it was the user's last one there (they just left). */
    boolean exit(long workshopId, long userId, UUID socket) {
        boolean last = exitLocally(workshopId, userId, socket);
        return shared == null ? last : shared.exit(workshopId, userId, socket);
    }

    /** Takes all of a user's sockets out of the room (a ban), on every node's books; returns this node's. */
    Set<UUID> evict(long workshopId, long userId) {
        if (shared != null) {
            shared.evict(workshopId, userId);
        }
        return evictLocally(workshopId, userId);
    }

    /** The users present in a workshop's room (a copy). */
    List<Long> users(long workshopId) {
        return shared == null ? localUsers(workshopId) : shared.users(workshopId);
    }

    /** Whether the user still has a socket in the room, on any node. */
    boolean isPresent(long workshopId, long userId) {
        return shared == null ? localUsers(workshopId).contains(userId) : shared.sockets(workshopId, userId) > 0;
    }

    boolean contains(long workshopId, UUID socket) {
        Set<Long> workshops = bySocket.get(socket);
        return workshops != null && workshops.contains(workshopId);
    }

    /** The workshops a socket is in (a copy). */
    Set<Long> workshopsOf(UUID socket) {
        Set<Long> workshops = bySocket.get(socket);
        return workshops == null ? Set.of() : Set.copyOf(workshops);
    }

    /** This node's sockets of the user leave the room's books; returns them. */
    Set<UUID> evictLocally(long workshopId, long userId) {
        Map<Long, Set<UUID>> room = rooms.get(workshopId);
        Set<UUID> sockets = room == null ? null : room.remove(userId);
        if (sockets == null) {
            return Set.of();
        }
        sockets.forEach(s -> bySocket.computeIfPresent(s, (k, workshops) -> {
            workshops.remove(workshopId);
            return workshops.isEmpty() ? null : workshops;
        }));
        rooms.computeIfPresent(workshopId, (w, r) -> r.isEmpty() ? null : r);
        return Set.copyOf(sockets);
    }

    private boolean enterLocally(long workshopId, long userId, UUID socket) {
        bySocket.computeIfAbsent(socket, s -> ConcurrentHashMap.newKeySet()).add(workshopId);
        boolean[] first = {false};
        rooms.computeIfAbsent(workshopId, w -> new ConcurrentHashMap<>()).compute(userId, (u, sockets) -> {
            Set<UUID> set = sockets == null ? ConcurrentHashMap.newKeySet() : sockets;
            first[0] = set.isEmpty();
            set.add(socket);
            return set;
        });
        return first[0];
    }

    private boolean exitLocally(long workshopId, long userId, UUID socket) {
        bySocket.computeIfPresent(socket, (s, workshops) -> {
            workshops.remove(workshopId);
            return workshops.isEmpty() ? null : workshops;
        });
        Map<Long, Set<UUID>> room = rooms.get(workshopId);
        if (room == null) {
            return false;
        }
        boolean[] last = {false};
        room.computeIfPresent(userId, (u, sockets) -> {
            last[0] = sockets.remove(socket) && sockets.isEmpty();
            return sockets.isEmpty() ? null : sockets;
        });
        rooms.computeIfPresent(workshopId, (w, r) -> r.isEmpty() ? null : r);
        return last[0];
    }

    private List<Long> localUsers(long workshopId) {
        Map<Long, Set<UUID>> room = rooms.get(workshopId);
        return room == null ? List.of() : List.copyOf(room.keySet());
    }
}
