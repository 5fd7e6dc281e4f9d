package dev.lectern.signaling;

import dev.lectern.cluster.ClusterBus;
import dev.lectern.workshop.RoomService;
import dev.lectern.workshop.RoomState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The {@code workshop:state} a joiner gets, kept per room between joins. Building it from the
 * database reads every present user's row, which made a room filling up cost N² row reads; here
 * the roles, hands and status are read once and reused until something changes them, and each
 * joiner adds their own entry. Whatever changes roles, hands or the status calls {@link #forget}
 * first; all of that, and every join, runs on the workshop's serial queue, so no stale copy survives.
 */
@Component
class RoomSnapshots {

    private final RoomService roomService;
    private final boolean enabled;
    private final Map<Long, Cached> rooms = new ConcurrentHashMap<>();

    /** The room without its attendees, and every user seen in it since, by id. */
    private record Cached(RoomState room, Map<Long, RoomState.Person> people) {
    }

    RoomSnapshots(RoomService roomService, ClusterBus bus) {
        this.roomService = roomService;
        // with several nodes a moderator on another node changes roles without this node's queue
        // hearing of it, so nothing may be kept: every snapshot is read from the database
        this.enabled = !bus.shared();
    }

    /** The room with {@code present} users in it, {@code joiner} being one of them (as they are now). */
    RoomState of(long workshopId, List<Long> present, RoomState.Person joiner) {
        Cached cached = rooms.get(workshopId);
        if (!enabled) {
            return roomService.state(workshopId, present);
        }
        if (cached == null) {
            RoomState state = roomService.state(workshopId, present);
            Map<Long, RoomState.Person> people = new ConcurrentHashMap<>();
            state.attendees().forEach(p -> people.put(p.userId(), p));
            rooms.put(workshopId, new Cached(state, people));
            return state;
        }
        cached.people().put(joiner.userId(), joiner);
        List<Long> unknown = present.stream().filter(id -> !cached.people().containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            roomService.people(workshopId, unknown).forEach(p -> cached.people().put(p.userId(), p));
        }
        List<RoomState.Person> attendees = present.stream().map(cached.people()::get).filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(RoomState.Person::userId)).toList();
        RoomState r = cached.room();
        return new RoomState(r.workshopId(), r.status(), r.hostId(), r.coHostIds(), r.speakerIds(), r.raisedHands(),
                attendees, r.startedAt(), r.endedAt());
    }

    /** Roles, hands or the status of the workshop changed (or its room emptied): read it afresh next time. */
    void forget(long workshopId) {
        rooms.remove(workshopId);
    }
}
