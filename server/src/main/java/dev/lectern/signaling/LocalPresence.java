package dev.lectern.signaling;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Presence on a single node: this node's sockets are all there is. {@link ClusteredPresence} keeps
 * this node's sockets with one of these too. Every operation is O(1) in the size of the room (except
 * listing it for a snapshot).
 */
@Component
@ConditionalOnExpression("'${lectern.cluster.redis-url:}'.isBlank()")
class LocalPresence implements PresenceStore {

    // workshop → user → that user's sockets in the room, on this node
    private final Map<Long, Map<Long, Set<UUID>>> rooms = new ConcurrentHashMap<>();
    // socket → the workshops it is in, to leave them all on disconnect
    private final Map<UUID, Set<Long>> bySocket = new ConcurrentHashMap<>();

    @Override
    public boolean enter(long workshopId, long userId, UUID socket) {
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

    @Override
    public boolean exit(long workshopId, long userId, UUID socket) {
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

    @Override
    public Set<UUID> evict(long workshopId, long userId) {
        return evictLocally(workshopId, userId);
    }

    @Override
    public Set<UUID> evictLocally(long workshopId, long userId) {
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

    @Override
    public List<Long> users(long workshopId) {
        Map<Long, Set<UUID>> room = rooms.get(workshopId);
        return room == null ? List.of() : List.copyOf(room.keySet());
    }

    @Override
    public int count(long workshopId) {
        Map<Long, Set<UUID>> room = rooms.get(workshopId);
        return room == null ? 0 : room.size();
    }

    @Override
    public boolean isPresent(long workshopId, long userId) {
        Map<Long, Set<UUID>> room = rooms.get(workshopId);
        return room != null && room.containsKey(userId);
    }

    @Override
    public boolean contains(long workshopId, UUID socket) {
        Set<Long> workshops = bySocket.get(socket);
        return workshops != null && workshops.contains(workshopId);
    }

    @Override
    public Set<Long> workshopsOf(UUID socket) {
        Set<Long> workshops = bySocket.get(socket);
        return workshops == null ? Set.of() : Set.copyOf(workshops);
    }
}
