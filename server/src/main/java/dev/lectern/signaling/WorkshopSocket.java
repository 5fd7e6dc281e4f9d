package dev.lectern.signaling;

import com.corundumstudio.socketio.AckRequest;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIONamespace;
import com.corundumstudio.socketio.SocketIOServer;
import dev.lectern.identity.Authenticator;
import dev.lectern.identity.CurrentUser;
import dev.lectern.signaling.Inbound.Shape;
import dev.lectern.system.LecternException;
import dev.lectern.system.LecternException.Forbidden;
import org.springframework.stereotype.Component;

/**
 * The {@code /workshop} namespace: its events, and how each reaches its handler. Listeners run on
 * Netty I/O threads, so they only parse; the work goes to the workshop's serial queue, which acks
 * once it is done (and durable).
 */
@Component
class WorkshopSocket implements SocketModule {

    private final SocketAuth auth;
    private final Sessions sessions;
    private final EventQueues queues;
    private final Replies replies;
    private final Rooms rooms;
    private final Authenticator authenticator;
    private final RoomEvents room;
    private final ModerationEvents moderation;
    private final ChatEvents chat;

    WorkshopSocket(SocketAuth auth, Sessions sessions, EventQueues queues, Replies replies, Rooms rooms,
            Authenticator authenticator, RoomEvents room, ModerationEvents moderation, ChatEvents chat) {
        this.auth = auth;
        this.sessions = sessions;
        this.queues = queues;
        this.replies = replies;
        this.rooms = rooms;
        this.authenticator = authenticator;
        this.room = room;
        this.moderation = moderation;
        this.chat = chat;
    }

    @Override
    public void register(SocketIOServer server) {
        SocketIONamespace ns = server.addNamespace(Rooms.NAMESPACE);
        ns.addAuthTokenListener(auth);
        ns.addConnectListener(auth::admit);
        ns.addDisconnectListener(room::disconnected);
        on(ns, "workshop:join", Shape.WORKSHOP, room::join);
        on(ns, "workshop:leave", Shape.WORKSHOP, room::leave);
        on(ns, "workshop:raise-hand", Shape.WORKSHOP, moderation::raiseHand);
        on(ns, "workshop:lower-hand", Shape.OPTIONAL_TARGET, moderation::lowerHand);
        on(ns, "workshop:approve-speaker", Shape.TARGET, moderation::approveSpeaker);
        on(ns, "workshop:revoke-speaker", Shape.TARGET, moderation::revokeSpeaker);
        on(ns, "workshop:promote-cohost", Shape.TARGET, moderation::promoteCoHost);
        on(ns, "workshop:demote-cohost", Shape.TARGET, moderation::demoteCoHost);
        on(ns, "workshop:mute-user", Shape.TARGET, moderation::muteUser);
        on(ns, "workshop:remove-user", Shape.TARGET, moderation::removeUser);
        on(ns, "workshop:chat", Shape.MESSAGE, chat::chat);
        // state changes come from the lifecycle (REST and jobs) only; say so rather than ignore it
        ns.addEventListener("workshop:state-change", Object.class, (client, data, ack) -> replies.fail(
                "workshop:state-change", client, ack, new Forbidden("clients cannot change a workshop's state")));
        rooms.attach(ns);
    }

    private void on(SocketIONamespace ns, String event, Shape shape, Call.Handler handler) {
        ns.addEventListener(event, Object.class, (client, data, ack) -> dispatch(event, shape, handler, client, data, ack));
    }

    private void dispatch(String event, Shape shape, Call.Handler handler, SocketIOClient client, Object data,
            AckRequest ack) {
        CurrentUser user = sessions.user(client);
        if (user == null) {
            replies.fail(event, client, ack, new Forbidden("not connected"));
            return;
        }
        Inbound payload;
        try {
            payload = Inbound.parse(data, shape);
        } catch (LecternException e) {
            replies.fail(event, client, ack, e);
            return;
        }
        Call call = new Call(event, client, user, payload);
        queues.submit(payload.workshopId(), () -> run(call, handler, ack));
    }

    private void run(Call call, Call.Handler handler, AckRequest ack) {
        try {
            authenticator.remember(call.user());
            replies.ok(ack, handler.handle(call));
        } catch (RuntimeException e) {
            replies.fail(call.event(), call.client(), ack, e);
        }
    }
}
