package dev.lectern.signaling;

import dev.lectern.cluster.ClusterBus;
import dev.lectern.workshop.RoomChanged;
import dev.lectern.workshop.RoomService;
import dev.lectern.workshop.RoomState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The {@code workshop:state} a joiner gets, kept per room between joins. Building it from the
 * database reads every present user's row, which made a room filling up cost N² row reads; here
 * the roles, hands and status are read once and reused until something changes them, and each
 * joiner adds their own entry.
 *
 * <p>Invalidation has one place: {@link #on(RoomChanged)}, which the workshop services publish for
 * every change of roles, rights, hands, bans or status, and which runs once that change has
 * committed. A feature that changes a room publishes the event; it never touches this cache. Joins
 * run on the workshop's queue, but a change may commit on another thread (a REST call, a job), so a
 * snapshot read while a change commits is not kept: each room has a change count, and a copy is
 * only kept if the count did not move while it was read.
 *
 * <p>With several nodes nothing is kept: the bus delivers at most once and loses what is sent while
 * Redis is away (unnoticed for up to the probe's silence), so a {@code RoomChanged} relayed to the
 * other nodes could be lost and leave a stale copy there until the room empties; the database read
 * on every join is what keeps joiners right there.
 */
@Component
class RoomSnapshots {

    private static final int STRIPES = 256;

    private final RoomService roomService;
    private final boolean enabled;
    private final Map<Long, Cached> rooms = new ConcurrentHashMap<>();
    /** Changes seen per stripe of rooms; a copy read across a change is dropped, never kept. */
    private final AtomicLongArray changes = new AtomicLongArray(STRIPES);

    /** The room without its attendees, and every user seen in it since, by id. */
    private record Cached(RoomState room, Map<Long, RoomState.Person> people) {
    }

    RoomSnapshots(RoomService roomService, ClusterBus bus) {
        this.roomService = roomService;
        this.enabled = !bus.shared();
    }

    /** The room with {@code present} users in it, {@code joiner} being one of them (as they are now). On the workshop's queue. */
    RoomState of(long workshopId, List<Long> present, RoomState.Person joiner) {
        if (!enabled) {
            return roomService.state(workshopId, present);
        }
        int stripe = stripe(workshopId);
        Cached cached = rooms.get(workshopId);
        if (cached == null) {
            long before = changes.get(stripe);
            RoomState state = roomService.state(workshopId, present);
            Map<Long, RoomState.Person> people = new ConcurrentHashMap<>();
            state.attendees().forEach(p -> people.put(p.userId(), p));
            Cached fresh = new Cached(state, people);
            rooms.put(workshopId, fresh);
            if (changes.get(stripe) != before) {
                rooms.remove(workshopId, fresh); // a change committed while we read: do not keep what may predate it
            }
            return state;
        }
        cached.people().put(joiner.userId(), joiner);
        List<Long> unknown = present.stream().filter(id -> !cached.people().containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            long before = changes.get(stripe);
            roomService.people(workshopId, unknown).forEach(p -> cached.people().put(p.userId(), p));
            if (changes.get(stripe) != before) {
                rooms.remove(workshopId, cached);
            }
        }
        List<RoomState.Person> attendees = present.stream().map(cached.people()::get).filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(RoomState.Person::userId)).toList();
        RoomState r = cached.room();
        return new RoomState(r.workshopId(), r.status(), r.hostId(), r.coHostIds(), r.speakerIds(), r.raisedHands(),
                attendees, r.startedAt(), r.endedAt(), r.panelistIds());
    }

    /** Roles, hands, bans or the status changed and committed: read the room afresh next time. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(RoomChanged changed) {
        forget(changed.workshopId());
    }

    /** The room emptied: it keeps nothing. */
    void release(long workshopId) {
        forget(workshopId);
    }

    private void forget(long workshopId) {
        // count first, then drop: a read that overlaps this either sees the count move or is dropped here
        changes.incrementAndGet(stripe(workshopId));
        rooms.remove(workshopId);
    }

    private static int stripe(long workshopId) {
        return (int) Math.floorMod(workshopId, (long) STRIPES);
    }
}
