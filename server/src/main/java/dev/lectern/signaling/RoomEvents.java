package dev.lectern.signaling;

import dev.lectern.identity.CurrentUser;
import dev.lectern.socketio.SocketIOClient;
import dev.lectern.workshop.Membership;
import dev.lectern.workshop.Memberships;
import dev.lectern.workshop.RoomService;
import dev.lectern.workshop.RoomState;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Entering and leaving rooms: join, leave, and disconnect (which leaves every room the socket was in). */
@Component
class RoomEvents {

    private final RoomService roomService;
    private final Memberships memberships;
    private final PresenceStore presence;
    private final Sessions sessions;
    private final RoomBroadcaster broadcaster;
    private final EventQueues queues;
    private final RoomSnapshots snapshots;
    private final EncodedJson json;
    private final Moderators moderators;
    private final BigRooms bigRooms;

    RoomEvents(
            RoomService roomService,
            Memberships memberships,
            PresenceStore presence,
            Sessions sessions,
            RoomBroadcaster broadcaster,
            EventQueues queues,
            RoomSnapshots snapshots,
            EncodedJson json,
            Moderators moderators,
            BigRooms bigRooms) {
        this.roomService = roomService;
        this.memberships = memberships;
        this.presence = presence;
        this.sessions = sessions;
        this.broadcaster = broadcaster;
        this.queues = queues;
        this.snapshots = snapshots;
        this.json = json;
        this.moderators = moderators;
        this.bigRooms = bigRooms;
    }

    Map<String, ?> join(Call call) {
        long workshopId = call.workshopId();
        CurrentUser user = call.user();
        SocketIOClient client = call.client();
        Membership m = roomService.join(workshopId, user.id());
        moderators.set(workshopId, user.id(), m.isModerator()); // their next events take the priority lane
        client.joinRoom(RoomBroadcaster.of(workshopId));
        boolean arrived = presence.enter(workshopId, user.id(), client.getSessionId());
        if (!sessions.isOpen(client)) {
            // it disconnected while this join ran, possibly before the room held it: undo
            leaveRoom(workshopId, user.id(), client.getSessionId());
            return Map.of();
        }
        int present = presence.count(workshopId);
        if (arrived) {
            broadcaster.joined(
                    workshopId, Outbound.UserJoined.of(user, m.isHost(), m.isCoHost(), m.isPanelist()), present);
        }
        var me = new RoomState.Person(
                user.id(),
                user.displayName(),
                user.avatarUrl(),
                m.isHost(),
                m.isCoHost(),
                m.canPublish(),
                m.isPanelist());
        // serialised once for the event and the ack; above the presence limit it lists the stage only (BigRooms)
        EncodedJson.Raw state = json.raw(bigRooms.state(workshopId, present, me));
        client.sendEvent("workshop:state", state);
        return Map.of("state", state);
    }

    Map<String, ?> leave(Call call) {
        SocketIOClient client = call.client();
        if (!presence.contains(call.workshopId(), client.getSessionId())) {
            memberships.of(call.workshopId(), call.user().id()); // not_found for workshops the caller cannot see
            return Map.of(); // leaving a room one is not in changes nothing
        }
        client.leaveRoom(RoomBroadcaster.of(call.workshopId()));
        leaveRoom(call.workshopId(), call.user().id(), client.getSessionId());
        return Map.of();
    }

    /** On a Netty thread: queues a leave for each room the socket was in (the transport already took it out). */
    void disconnected(SocketIOClient client) {
        CurrentUser user = sessions.remove(client);
        if (user == null) {
            return; // never admitted (kept as a guard)
        }
        UUID socket = client.getSessionId();
        for (long workshopId : presence.workshopsOf(socket)) {
            queues.submitFor(workshopId, user.id(), () -> leaveRoom(workshopId, user.id(), socket));
        }
    }

    /** The socket is out of the room; if it was the user's last one there, they have left. */
    private void leaveRoom(long workshopId, long userId, UUID socket) {
        if (presence.exit(workshopId, userId, socket)) {
            roomService.leave(workshopId, userId);
            int present = presence.count(workshopId);
            broadcaster.left(workshopId, userId, present);
            if (present == 0) {
                snapshots.release(workshopId); // an empty room keeps nothing
                bigRooms.release(workshopId);
                moderators.forget(workshopId);
            }
        }
    }
}
