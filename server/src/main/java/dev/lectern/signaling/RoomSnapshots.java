package dev.lectern.signaling;

import dev.lectern.cluster.ClusterBus;
import dev.lectern.workshop.RoomChanged;
import dev.lectern.workshop.RoomService;
import dev.lectern.workshop.RoomState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongPredicate;
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
    private record Cached(RoomState room, Map<Long, RoomState.Person> people) {}

    RoomSnapshots(RoomService roomService, ClusterBus bus) {
        this.roomService = roomService;
        this.enabled = !bus.shared();
    }

    /**
     * The room with {@code present} users in it, {@code joiner} being one of them (as they are now; null
     * for a snapshot the whole room gets). On the workshop's queue.
     */
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
        if (joiner != null) {
            cached.people().put(joiner.userId(), joiner);
        }
        List<Long> unknown =
                present.stream().filter(id -> !cached.people().containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            long before = changes.get(stripe);
            roomService.people(workshopId, unknown).forEach(p -> cached.people().put(p.userId(), p));
            if (changes.get(stripe) != before) {
                rooms.remove(workshopId, cached);
            }
        }
        List<RoomState.Person> attendees = present.stream()
                .map(cached.people()::get)
                .filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(RoomState.Person::userId))
                .toList();
        RoomState r = cached.room();
        return new RoomState(
                r.workshopId(),
                r.status(),
                r.hostId(),
                r.coHostIds(),
                r.speakerIds(),
                r.raisedHands(),
                attendees,
                r.startedAt(),
                r.endedAt(),
                r.panelistIds());
    }

    // --- big rooms (BigRooms): the stage only, never a read or a list that grows with the room ---

    /** The room's roles, hands, panelists and status, with no attendees. On the workshop's queue. */
    RoomState room(long workshopId) {
        return cached(workshopId).room();
    }

    /**
     * The big-room snapshot: only the users on the stage (host, co-hosts, panelists, speakers, raised
     * hands) who are {@code present}. Costs a lookup per stage member, nothing per audience member.
     */
    RoomState stage(long workshopId, LongPredicate present) {
        Cached cached = cached(workshopId);
        RoomState r = cached.room();
        List<Long> onStage = stageIds(r).stream().filter(present::test).toList();
        List<Long> unknown =
                onStage.stream().filter(id -> !cached.people().containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            int stripe = stripe(workshopId);
            long before = changes.get(stripe);
            roomService.people(workshopId, unknown).forEach(p -> cached.people().put(p.userId(), p));
            if (changes.get(stripe) != before) {
                rooms.remove(workshopId, cached);
            }
        }
        List<RoomState.Person> attendees = onStage.stream()
                .map(cached.people()::get)
                .filter(Objects::nonNull)
                .toList();
        return new RoomState(
                r.workshopId(),
                r.status(),
                r.hostId(),
                r.coHostIds(),
                r.speakerIds(),
                r.raisedHands(),
                attendees,
                r.startedAt(),
                r.endedAt(),
                r.panelistIds());
    }

    /** Whether the user is on the room's stage now. */
    boolean onStage(long workshopId, long userId) {
        return stageIds(room(workshopId)).contains(userId);
    }

    private static SortedSet<Long> stageIds(RoomState r) {
        SortedSet<Long> ids = new TreeSet<>();
        ids.add(r.hostId());
        ids.addAll(r.coHostIds());
        ids.addAll(r.panelistIds());
        ids.addAll(r.speakerIds());
        r.raisedHands().forEach(h -> ids.add(h.userId()));
        return ids;
    }

    /** The cached room without attendees (read now if not kept, or with several nodes). */
    private Cached cached(long workshopId) {
        if (!enabled) {
            return new Cached(roomService.state(workshopId, List.of()), new ConcurrentHashMap<>());
        }
        Cached cached = rooms.get(workshopId);
        if (cached != null) {
            return cached;
        }
        int stripe = stripe(workshopId);
        long before = changes.get(stripe);
        Cached fresh = new Cached(roomService.state(workshopId, List.of()), new ConcurrentHashMap<>());
        Cached kept = rooms.putIfAbsent(workshopId, fresh);
        if (kept != null) {
            return kept;
        }
        if (changes.get(stripe) != before) {
            rooms.remove(workshopId, fresh); // a change committed while we read: do not keep what may predate it
        }
        return fresh;
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
