package dev.lectern.signaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lectern.admission.WaitingRoom;
import dev.lectern.admission.WaitingRoomChanged;
import dev.lectern.cluster.ClusterBus;
import dev.lectern.cluster.LocalNode;
import dev.lectern.identity.CurrentUser;
import dev.lectern.socketio.SocketIOClient;
import dev.lectern.system.LecternException.Waiting;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The waiting room at the socket edge (CONTRACT §7.2). Its hook into {@code workshop:join} is one step
 * before the join: {@link WaitingRoom#enter} answers "admit now" (the join runs as ever) or "wait at
 * position N" (the socket waits here, outside the room).
 *
 * <p>The queue is database state; this class keeps only this node's waiting sockets and moderator
 * sockets. Any change publishes {@link WaitingRoomChanged}; after commit this node, and every other
 * through the bus, schedules one refresh of the room a short window later ({@code
 * lectern.admission.coalesce}), so a burst of changes costs each moderator one {@code
 * workshop:waiting-room} frame per window, however long the queue. A refresh reads the queue once and
 * tells this node's waiting users their new positions, lets in those admitted (through the ordinary
 * join, so the room hears of them through {@link PresenceBatches}), and tells the denied. A lost bus
 * message is repaired by the periodic refresh of rooms with local waiters.
 */
@Component
class WaitingRoomEvents {

    static final String TOPIC = "waiting-room";
    private static final Logger log = LoggerFactory.getLogger(WaitingRoomEvents.class);
    /** How often rooms with waiters here are refreshed anyway (a lost bus message), and places expire. */
    private static final Duration SWEEP = Duration.ofSeconds(2);

    private final WaitingRoom rules;
    private final RoomEvents room;
    private final Sessions sessions;
    private final RoomBroadcaster broadcaster;
    private final EventQueues queues;
    private final EncodedJson json;
    private final ClusterBus bus;
    private final String node;
    private final Clock clock;
    private final long coalesceNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("waiting-room").daemon().factory());

    /** This node's waiting users: workshop → user → their sockets and the position they were last told. */
    private final Map<Long, Map<Long, Waiter>> waiting = new ConcurrentHashMap<>();
    /** This node's moderator sockets per workshop: they hear the queue. */
    private final Map<Long, Set<UUID>> moderators = new ConcurrentHashMap<>();
    /** Each socket's user and the workshops it waits or moderates in, for its disconnect. */
    private final Map<UUID, Held> sockets = new ConcurrentHashMap<>();

    private final Set<Long> refreshQueued = ConcurrentHashMap.newKeySet();

    private static final class Waiter {
        final Set<UUID> sockets = ConcurrentHashMap.newKeySet();
        volatile int position;
    }

    private record Held(long userId, Set<Long> waitingIn, Set<Long> moderating) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Position(int position) {}

    record WorkshopRef(long workshopId) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record QueueView(List<WaiterView> waiting, List<DeniedView> denied) {
        static QueueView of(WaitingRoom.Queue q) {
            return new QueueView(
                    q.waiting().stream()
                            .map(w ->
                                    new WaiterView(w.userId(), w.displayName(), w.avatarUrl(), Outbound.iso(w.since())))
                            .toList(),
                    q.denied().stream()
                            .map(d -> new DeniedView(d.userId(), d.displayName()))
                            .toList());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WaiterView(long userId, String displayName, String avatarUrl, String since) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DeniedView(long userId, String displayName) {}

    WaitingRoomEvents(
            WaitingRoom rules,
            RoomEvents room,
            Sessions sessions,
            RoomBroadcaster broadcaster,
            EventQueues queues,
            EncodedJson json,
            ClusterBus bus,
            LocalNode node,
            Clock clock,
            @Value("${lectern.admission.coalesce:200ms}") Duration coalesce) {
        this.rules = rules;
        this.room = room;
        this.sessions = sessions;
        this.broadcaster = broadcaster;
        this.queues = queues;
        this.json = json;
        this.bus = bus;
        this.node = node.id();
        this.clock = clock;
        this.coalesceNanos = coalesce.toNanos();
        bus.subscribe(TOPIC, this::fromOtherNode);
        // sweep() must not throw (an exception would end the schedule); the timer dies with the bean
        var unused =
                timer.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The waiting users' sockets of a workshop, on every node: they hear {@code workshop:state-changed}. */
    static String waitingRoomOf(long workshopId) {
        return "workshop:" + workshopId + ":waiting";
    }

    /** {@code workshop:join} with the waiting room's step first. */
    Call.Handler join(Call.Handler join) {
        return call -> {
            SocketIOClient client = call.client();
            long workshopId = call.workshopId();
            WaitingRoom.Entry entry = rules.enter(workshopId, call.user().id(), client.getSessionId(), node);
            if (!entry.waiting()) {
                forgetWaiting(workshopId, call.user().id(), client.getSessionId()); // admitted meanwhile
                Map<String, ?> reply = join.handle(call);
                if (entry.moderator() && sessions.isOpen(client)) {
                    moderators
                            .computeIfAbsent(workshopId, id -> ConcurrentHashMap.newKeySet())
                            .add(client.getSessionId());
                    held(client.getSessionId(), call.user().id()).moderating().add(workshopId);
                    // right after their own workshop:state: the whole queue
                    client.sendEvent("workshop:waiting-room", json.raw(QueueView.of(rules.queue(workshopId))));
                }
                return reply;
            }
            if (!sessions.isOpen(client)) {
                rules.socketGone(workshopId, call.user().id(), client.getSessionId()); // it went while we queued it
                return Map.of();
            }
            client.joinRoom(waitingRoomOf(workshopId));
            Waiter w = waiting.computeIfAbsent(workshopId, id -> new ConcurrentHashMap<>())
                    .computeIfAbsent(call.user().id(), id -> new Waiter());
            w.sockets.add(client.getSessionId());
            w.position = entry.position();
            held(client.getSessionId(), call.user().id()).waitingIn().add(workshopId);
            // the position as an event too, so a client that watches events alone (a hook, a reloaded page) knows it
            client.sendEvent("workshop:waiting", new Position(entry.position()));
            return Map.of("waiting", true, "position", entry.position());
        };
    }

    /** {@code workshop:leave}: a waiting user leaves the queue; anyone else leaves the room as ever. */
    Call.Handler leave(Call.Handler leave) {
        return call -> {
            long workshopId = call.workshopId();
            if (isWaiting(workshopId, call.user().id())) {
                Waiter w = waiting.getOrDefault(workshopId, Map.of())
                        .get(call.user().id());
                if (w != null) {
                    dropLocal(workshopId, call.user().id(), w);
                }
                rules.leave(workshopId, call.user().id());
                return Map.of();
            }
            Set<UUID> mods = moderators.get(workshopId);
            if (mods != null) {
                mods.remove(call.client().getSessionId());
            }
            return leave.handle(call);
        };
    }

    /** Every other event of a waiting user is refused {@code waiting}. */
    Call.Handler guard(Call.Handler handler) {
        return call -> {
            refuseIfWaiting(call);
            return handler.handle(call);
        };
    }

    void refuseIfWaiting(Call call) {
        if (isWaiting(call.workshopId(), call.user().id())) {
            throw new Waiting("you are in the waiting room: wait until a moderator admits you");
        }
    }

    /** {@code workshop:admit {targetUserId}} or {@code {all: true}}. */
    Map<String, ?> admit(Call call) {
        refuseIfWaiting(call);
        WaitingRoom.Admitted admitted = call.payload().targetUserId() == null
                ? rules.admitAll(call.workshopId(), call.user().id())
                : rules.admit(
                        call.workshopId(), call.user().id(), call.payload().targetUserId());
        return Map.of("admitted", admitted.userIds());
    }

    Map<String, ?> deny(Call call) {
        refuseIfWaiting(call);
        rules.deny(call.workshopId(), call.user().id(), call.target());
        return Map.of();
    }

    /** On a Netty thread: the socket's waits end (their grace starts) and it no longer hears the queue. */
    void disconnected(SocketIOClient client) {
        UUID socket = client.getSessionId();
        Held held = sockets.remove(socket);
        if (held == null) {
            return;
        }
        for (long workshopId : held.moderating()) {
            Set<UUID> mods = moderators.get(workshopId);
            if (mods != null) {
                mods.remove(socket);
            }
        }
        for (long workshopId : held.waitingIn()) {
            queues.submitFor(workshopId, held.userId(), () -> {
                Map<Long, Waiter> room = waiting.get(workshopId);
                Waiter w = room == null ? null : room.get(held.userId());
                if (w != null) {
                    w.sockets.remove(socket);
                    if (w.sockets.isEmpty()) {
                        room.remove(held.userId(), w);
                    }
                }
                rules.socketGone(workshopId, held.userId(), socket);
            });
        }
    }

    /** The queue or a verdict changed and committed: refresh here and tell the other nodes. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(WaitingRoomChanged changed) {
        scheduleRefresh(changed.workshopId());
        if (bus.shared()) {
            bus.publish(TOPIC, JsonNodeFactory.instance.objectNode().put("workshopId", changed.workshopId()));
        }
    }

    /** A lifecycle move: waiting users hear {@code workshop:state-changed} too (the room hears it from LifecycleBroadcasts). */
    @TransactionalEventListener
    void on(dev.lectern.workshop.WorkshopTransitioned t) {
        queues.submit(
                t.workshopId(),
                () -> broadcaster.sendTo(
                        RoomBroadcaster.NAMESPACE,
                        waitingRoomOf(t.workshopId()),
                        "workshop:state-changed",
                        new Outbound.StateChanged(
                                t.to().wire(), Outbound.iso(t.startedAt()), Outbound.iso(t.endedAt()))));
    }

    /** A single node starts: whoever waited through an earlier run gets the grace window again. */
    @EventListener(ApplicationReadyEvent.class)
    void started() {
        if (!bus.shared()) {
            try {
                rules.releaseAll();
            } catch (RuntimeException e) {
                log.warn("could not restart the waiting rooms' grace: {}", e.getMessage());
            }
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private void fromOtherNode(JsonNode message) {
        scheduleRefresh(message.path("workshopId").asLong());
    }

    private void scheduleRefresh(long workshopId) {
        if (refreshQueued.add(workshopId)) {
            var unused = timer.schedule(
                    () -> queues.submit(workshopId, () -> {
                        refreshQueued.remove(workshopId);
                        try {
                            refresh(workshopId);
                        } catch (RuntimeException e) {
                            log.warn("waiting room of workshop {} not refreshed: {}", workshopId, e.getMessage());
                        }
                    }),
                    coalesceNanos,
                    TimeUnit.NANOSECONDS);
        }
    }

    /** On the workshop's queue: the queue as it is now, told to this node's waiting users and moderators. */
    void refresh(long workshopId) {
        Map<Long, Waiter> local = waiting.get(workshopId);
        Set<UUID> mods = moderators.get(workshopId);
        boolean hasWaiters = local != null && !local.isEmpty();
        if (!hasWaiters && (mods == null || mods.isEmpty())) {
            return;
        }
        if (hasWaiters) {
            List<Long> order = rules.waitingIds(workshopId);
            Map<Long, Integer> positions = new HashMap<>(order.size() * 2);
            for (int i = 0; i < order.size(); i++) {
                positions.put(order.get(i), i + 1);
            }
            List<Long> out = new ArrayList<>();
            local.forEach((userId, w) -> {
                Integer p = positions.get(userId);
                if (p == null) {
                    out.add(userId);
                } else if (p != w.position) {
                    w.position = p;
                    send(w.sockets, "workshop:waiting", new Position(p));
                }
            });
            if (!out.isEmpty()) {
                settle(workshopId, local, out);
            }
        }
        if (mods != null && !mods.isEmpty()) {
            EncodedJson.Raw queue = json.raw(QueueView.of(rules.queue(workshopId)));
            send(mods, "workshop:waiting-room", queue);
        }
    }

    /** Users of this node who are no longer in the queue: in (admitted), out (denied, removed), or simply gone. */
    private void settle(long workshopId, Map<Long, Waiter> local, List<Long> out) {
        Map<Long, WaitingRoom.Standing> standings = rules.standings(workshopId, out);
        for (long userId : out) {
            Waiter w = local.get(userId);
            if (w == null) {
                continue;
            }
            dropLocal(workshopId, userId, w);
            WaitingRoom.Standing standing = standings.getOrDefault(userId, WaitingRoom.Standing.NONE);
            for (UUID socket : w.sockets) {
                SocketIOClient client = broadcaster.client(socket);
                CurrentUser user = client == null ? null : sessions.user(client);
                if (user == null) {
                    continue;
                }
                switch (standing) {
                    case ADMITTED -> {
                        client.sendEvent("workshop:admitted", new WorkshopRef(workshopId));
                        try {
                            // the ordinary join: state to them, user-joined (batched) to the room
                            room.join(new Call("workshop:join", client, user, new Inbound(workshopId, null, null)));
                        } catch (RuntimeException e) {
                            Replies.Failure f = Replies.failure(e);
                            client.sendEvent(
                                    Replies.ERROR_EVENT,
                                    new Outbound.ErrorEvent("workshop:join", f.code(), f.message()));
                        }
                    }
                    case DENIED -> client.sendEvent("workshop:denied", new WorkshopRef(workshopId));
                    case REMOVED -> client.sendEvent("workshop:user-removed", new Outbound.UserRef(userId));
                    case NONE -> {
                        // left, expired or the workshop is over (they heard workshop:state-changed)
                    }
                }
            }
        }
    }

    private void dropLocal(long workshopId, long userId, Waiter w) {
        Map<Long, Waiter> local = waiting.get(workshopId);
        if (local != null) {
            local.remove(userId, w);
            if (local.isEmpty()) {
                waiting.remove(workshopId, local);
            }
        }
        for (UUID socket : w.sockets) {
            Held held = sockets.get(socket);
            if (held != null) {
                held.waitingIn().remove(workshopId);
            }
            SocketIOClient client = broadcaster.client(socket);
            if (client != null) {
                client.leaveRoom(waitingRoomOf(workshopId));
            }
        }
    }

    private void forgetWaiting(long workshopId, long userId, UUID socket) {
        Map<Long, Waiter> local = waiting.get(workshopId);
        Waiter w = local == null ? null : local.get(userId);
        if (w != null && w.sockets.remove(socket)) {
            Held held = sockets.get(socket);
            if (held != null) {
                held.waitingIn().remove(workshopId);
            }
            if (w.sockets.isEmpty()) {
                local.remove(userId, w);
            }
        }
    }

    private boolean isWaiting(long workshopId, long userId) {
        Map<Long, Waiter> local = waiting.get(workshopId);
        return local != null && local.containsKey(userId);
    }

    private Held held(UUID socket, long userId) {
        return sockets.computeIfAbsent(
                socket, s -> new Held(userId, ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet()));
    }

    private void send(Set<UUID> targets, String event, Object payload) {
        for (UUID socket : targets) {
            SocketIOClient client = broadcaster.client(socket);
            if (client != null) {
                client.sendEvent(event, payload);
            }
        }
    }

    /** Expired places leave the queue; rooms with waiters here are refreshed whatever the bus delivered. */
    private void sweep() {
        try {
            rules.expire(clock.instant());
        } catch (RuntimeException e) {
            log.warn("waiting-room places not expired: {}", e.getMessage());
        }
        waiting.keySet().forEach(this::scheduleRefresh);
    }
}
