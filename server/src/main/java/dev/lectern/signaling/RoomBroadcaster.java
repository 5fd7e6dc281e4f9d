package dev.lectern.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lectern.cluster.ClusterBus;
import dev.lectern.socketio.SocketIOClient;
import dev.lectern.socketio.SocketIONamespace;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The one door for room output: every feature sends to a room through here, on this node and on
 * every other. This node's members get the event directly (never by a round trip through Redis, so
 * they keep getting it while Redis is away); the other nodes get it from the {@link ClusterBus} and
 * hand it to theirs. An event is serialised once ({@link EncodedJson}) and that one frame goes to
 * every local recipient and, as text, to the other nodes, which send it on without parsing it.
 *
 * <p>Arrivals and departures go through {@link #joined}/{@link #left}: {@link PresenceBatches} decides
 * what the room hears and when, and whatever it held back goes out before any other event to the
 * same room, so a room sees changes in the order they happened. Room operations go through the
 * namespace: the server's own {@code getRoomOperations} targets the default one.
 */
@Component
class RoomBroadcaster {

    static final String NAMESPACE = "/workshop";
    static final String BROADCAST = "room";
    /** Bus kind of an event for some users of a room only ({@link #sendToUsers}). */
    static final String TO_USERS = "room-users";

    private final EncodedJson json;
    private final ClusterBus bus;
    private final PresenceBatches presence;
    private final EventQueues queues;
    private final ScheduledExecutorService timer;
    private final BigRooms bigRooms;
    private final Sessions sessions;
    private final Moderators moderators;
    private final Map<String, SocketIONamespace> namespaces = new ConcurrentHashMap<>();

    RoomBroadcaster(
            EncodedJson json,
            ClusterBus bus,
            PresenceBatches presence,
            EventQueues queues,
            @Qualifier("presenceTimer") ScheduledExecutorService timer,
            BigRooms bigRooms,
            Sessions sessions,
            Moderators moderators) {
        this.json = json;
        this.bus = bus;
        this.presence = presence;
        this.queues = queues;
        this.timer = timer;
        this.bigRooms = bigRooms;
        this.sessions = sessions;
        this.moderators = moderators;
        bus.subscribe(BROADCAST, this::fromOtherNode);
        bus.subscribe(TO_USERS, this::toUsersFromOtherNode);
    }

    static String of(long workshopId) {
        return "workshop:" + workshopId;
    }

    /** Called when a (re)started server registers a namespace. */
    void attach(SocketIONamespace namespace) {
        namespaces.put(namespace.getName(), namespace);
    }

    /** An event to everyone in the workshop's room, after any presence held back for it. Call it on the workshop's queue. */
    void send(long workshopId, String event, Object payload) {
        flushPresence(workshopId);
        sendTo(NAMESPACE, of(workshopId), event, payload);
    }

    /**
     * An event to those of the workshop's room who are one of {@code userIds} (a moderated question's
     * moderators and asker, say), on every node, after any presence held back. The list travels with
     * the frame, so each node picks its own sockets of those users; keep it small. On the workshop's queue.
     */
    void sendToUsers(long workshopId, Set<Long> userIds, String event, Object payload) {
        if (userIds.isEmpty()) {
            return;
        }
        flushPresence(workshopId);
        EncodedJson.Encoded frame = json.encode(event, payload);
        deliverToUsers(NAMESPACE, of(workshopId), userIds, frame);
        if (!bus.shared()) {
            return;
        }
        var message = JsonNodeFactory.instance
                .objectNode()
                .put("ns", NAMESPACE)
                .put("room", of(workshopId))
                .put("event", event)
                .put("frame", new String(frame.frame(), StandardCharsets.UTF_8));
        var users = message.putArray("users");
        userIds.forEach(users::add);
        bus.publish(TO_USERS, message);
    }

    private void deliverToUsers(String namespace, String room, Set<Long> userIds, EncodedJson.Encoded frame) {
        SocketIONamespace ns = namespaces.get(namespace);
        if (ns == null) {
            return;
        }
        for (SocketIOClient client : ns.getRoomClients(room)) {
            var user = sessions.user(client);
            if (user != null && userIds.contains(user.id())) {
                client.sendEvent(frame.event(), frame);
            }
        }
    }

    private void toUsersFromOtherNode(JsonNode message) {
        Set<Long> users = new HashSet<>();
        message.path("users").forEach(u -> users.add(u.asLong()));
        byte[] frame = message.path("frame").asText().getBytes(StandardCharsets.UTF_8);
        deliverToUsers(
                message.path("ns").asText(),
                message.path("room").asText(),
                users,
                new EncodedJson.Encoded(message.path("event").asText(), frame));
    }

    /** The user's first socket entered the room; {@code present} users are in it now. On the workshop's queue. */
    void joined(long workshopId, Outbound.UserJoined user, int present) {
        apply(
                workshopId,
                presence.joined(workshopId, user, present, () -> bigRooms.arrivesOnStage(workshopId, user.userId())));
    }

    /** The user's last socket left the room; {@code present} users remain. On the workshop's queue. */
    void left(long workshopId, long userId, int present) {
        apply(workshopId, presence.left(workshopId, userId, present, () -> bigRooms.leavesStage(workshopId, userId)));
    }

    /** Sends whatever presence the room has not been told yet. */
    void flushPresence(long workshopId) {
        deliver(workshopId, presence.drain(workshopId));
    }

    private void apply(long workshopId, PresenceBatches.Decision decision) {
        deliver(workshopId, decision.now());
        if (decision.flushInNanos() != PresenceBatches.NO_FLUSH) {
            // the timer only queues the flush: it runs on the workshop's queue like everything else
            var unused = timer.schedule(
                    () -> queues.submit(workshopId, () -> apply(workshopId, presence.timedDrain(workshopId))),
                    decision.flushInNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    @SuppressWarnings("ReferenceEquality") // REFRESH is a sentinel: that instance, not any frame equal to it
    private void deliver(long workshopId, List<PresenceBatches.Frame> frames) {
        for (PresenceBatches.Frame f : frames) {
            if (f == PresenceBatches.REFRESH) {
                // the room crossed the presence limit: everyone redraws from one fresh snapshot
                sendTo(NAMESPACE, of(workshopId), f.event(), bigRooms.refresh(workshopId));
            } else if (f.audience() == PresenceBatches.Audience.MODERATORS) {
                toModerators(workshopId, f.event(), f.payload());
            } else {
                sendTo(NAMESPACE, of(workshopId), f.event(), f.payload());
            }
        }
    }

    /**
     * A big room's moderators only, on every node: each node picks its own members that it knows as
     * moderators of the room ({@link Moderators}, learnt at their join and kept by promote/demote).
     */
    private void toModerators(long workshopId, String event, Object payload) {
        EncodedJson.Encoded frame = json.encode(event, payload);
        deliverToModerators(workshopId, frame);
        if (bus.shared()) {
            var message = JsonNodeFactory.instance
                    .objectNode()
                    .put("ns", NAMESPACE)
                    .put("room", of(workshopId))
                    .put("event", event)
                    .put("moderatorsOf", workshopId)
                    .put("frame", new String(frame.frame(), StandardCharsets.UTF_8));
            bus.publish(BROADCAST, message);
        }
    }

    private void deliverToModerators(long workshopId, EncodedJson.Encoded frame) {
        SocketIONamespace ns = namespaces.get(NAMESPACE);
        if (ns != null) {
            ns.getRoomOperations(of(workshopId))
                    .sendEvent(
                            client -> {
                                var user = sessions.user(client);
                                return user != null && moderators.is(workshopId, user.id());
                            },
                            frame.event(),
                            frame);
        }
    }

    /** Every member of a room of any namespace, on every node (no presence ordering: for rooms without presence). */
    void sendTo(String namespace, String room, String event, Object payload) {
        EncodedJson.Encoded frame = json.encode(event, payload);
        deliverLocally(namespace, room, frame);
        if (!bus.shared()) {
            return;
        }
        var message = JsonNodeFactory.instance
                .objectNode()
                .put("ns", namespace)
                .put("room", room)
                .put("event", event)
                .put("frame", new String(frame.frame(), StandardCharsets.UTF_8));
        bus.publish(BROADCAST, message);
    }

    private void deliverLocally(String namespace, String room, EncodedJson.Encoded frame) {
        SocketIONamespace ns = namespaces.get(namespace);
        if (ns != null) {
            ns.getRoomOperations(room).sendEvent(frame.event(), frame);
        }
    }

    /** The socket with this id on this node, or null once it is gone. */
    SocketIOClient client(UUID socket) {
        SocketIONamespace ns = namespaces.get(NAMESPACE);
        return ns == null ? null : ns.getClient(socket);
    }

    /** This node's clients of the namespace. */
    Iterable<SocketIOClient> clients() {
        SocketIONamespace ns = namespaces.get(NAMESPACE);
        return ns == null ? List.of() : ns.getAllClients();
    }

    private void fromOtherNode(JsonNode message) {
        String event = message.path("event").asText();
        byte[] frame = message.path("frame").asText().getBytes(StandardCharsets.UTF_8);
        if (message.has("moderatorsOf")) {
            deliverToModerators(message.path("moderatorsOf").asLong(), new EncodedJson.Encoded(event, frame));
            return;
        }
        deliverLocally(
                message.path("ns").asText(), message.path("room").asText(), new EncodedJson.Encoded(event, frame));
    }
}
