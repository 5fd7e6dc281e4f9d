package dev.lectern.signaling;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Who moderates each room (host, co-hosts), as far as this node has seen: learnt at each join and
 * kept up to date by promote, demote and remove, forgotten when the room empties. {@link EventQueues}
 * reads it on the I/O thread to put a moderator's events in the priority lane, so it must be a map
 * lookup, never a query.
 *
 * <p>A moderator who has not joined yet (their first join) counts as an attendee, and with several
 * nodes a promotion made on another node is seen here at that user's next join: until then their
 * events take the attendee lane, which is slower under a flood but still served.
 */
@Component
class Moderators {

    private final Map<Long, Set<Long>> rooms = new ConcurrentHashMap<>();

    boolean is(long workshopId, long userId) {
        Set<Long> moderators = rooms.get(workshopId);
        return moderators != null && moderators.contains(userId);
    }

    void set(long workshopId, long userId, boolean moderator) {
        if (moderator) {
            rooms.computeIfAbsent(workshopId, id -> ConcurrentHashMap.newKeySet())
                    .add(userId);
        } else {
            rooms.computeIfPresent(workshopId, (id, moderators) -> {
                moderators.remove(userId);
                return moderators.isEmpty() ? null : moderators;
            });
        }
    }

    /** The room emptied: whoever comes back is learnt again at their join. */
    void forget(long workshopId) {
        rooms.remove(workshopId);
    }
}
