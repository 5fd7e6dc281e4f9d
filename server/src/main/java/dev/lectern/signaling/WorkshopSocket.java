package dev.lectern.signaling;

import dev.lectern.identity.Authenticator;
import dev.lectern.identity.CurrentUser;
import dev.lectern.signaling.Inbound.Shape;
import dev.lectern.socketio.AckRequest;
import dev.lectern.socketio.Listeners.Refusal;
import dev.lectern.socketio.SocketIOClient;
import dev.lectern.socketio.SocketIONamespace;
import dev.lectern.socketio.SocketIOServer;
import dev.lectern.system.LecternException;
import dev.lectern.system.LecternException.Forbidden;
import dev.lectern.system.LecternException.InvalidPayload;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The {@code /workshop} namespace: its events, and how each reaches its handler. Listeners run on
 * the connection's Netty event loop, so they only parse; the work goes to the workshop's serial queue, which acks
 * once it is done (and durable).
 */
@Component
class WorkshopSocket implements SocketModule {

    private final SocketAuth auth;
    private final Sessions sessions;
    private final EventQueues queues;
    private final Replies replies;
    private final RoomBroadcaster broadcaster;
    private final Authenticator authenticator;
    private final RoomEvents room;
    private final ModerationEvents moderation;
    private final ChatEvents chat;
    private final QaEvents qa;
    private final EventRateLimit limit;
    private final WaitingRoomEvents waiting;
    private final EventQueues.Batch<Pending> chats = new EventQueues.Batch<>(ChatEvents.BATCH_MAX, this::chat);

    /** A chat message waiting on its workshop's queue, with the ack that answers it. */
    private record Pending(Call call, AckRequest ack) {}

    WorkshopSocket(
            SocketAuth auth,
            Sessions sessions,
            EventQueues queues,
            Replies replies,
            RoomBroadcaster broadcaster,
            Authenticator authenticator,
            RoomEvents room,
            ModerationEvents moderation,
            ChatEvents chat,
            EventRateLimit limit,
            WaitingRoomEvents waiting,
            QaEvents qa) {
        this.waiting = waiting;
        this.auth = auth;
        this.sessions = sessions;
        this.queues = queues;
        this.replies = replies;
        this.broadcaster = broadcaster;
        this.authenticator = authenticator;
        this.room = room;
        this.moderation = moderation;
        this.chat = chat;
        this.limit = limit;
        this.qa = qa;
    }

    @Override
    public void register(SocketIOServer server) {
        SocketIONamespace ns = server.addNamespace(RoomBroadcaster.NAMESPACE);
        ns.addAuthTokenListener(auth);
        ns.addConnectListener(auth::admit);
        ns.addDisconnectListener(room::disconnected);
        ns.addDisconnectListener(limit::forget);
        ns.addDisconnectListener(waiting::disconnected);
        // the waiting room's step wraps join and leave; its guard (in on) refuses a waiting user's other events
        dispatchTo(ns, "workshop:join", Shape.WORKSHOP, waiting.join(room::join));
        dispatchTo(ns, "workshop:leave", Shape.WORKSHOP, waiting.leave(room::leave));
        dispatchTo(ns, "workshop:admit", Shape.ADMIT, waiting::admit);
        dispatchTo(ns, "workshop:deny", Shape.TARGET, waiting::deny);
        on(ns, "workshop:raise-hand", Shape.WORKSHOP, moderation::raiseHand);
        on(ns, "workshop:lower-hand", Shape.OPTIONAL_TARGET, moderation::lowerHand);
        on(ns, "workshop:approve-speaker", Shape.TARGET, moderation::approveSpeaker);
        on(ns, "workshop:revoke-speaker", Shape.TARGET, moderation::revokeSpeaker);
        on(ns, "workshop:promote-cohost", Shape.TARGET, moderation::promoteCoHost);
        on(ns, "workshop:demote-cohost", Shape.TARGET, moderation::demoteCoHost);
        on(ns, "workshop:mute-user", Shape.TARGET, moderation::muteUser);
        on(ns, "workshop:remove-user", Shape.TARGET, moderation::removeUser);
        on(ns, "qa:ask", Shape.QA_ASK, qa::ask);
        on(ns, "qa:upvote", Shape.QA_QUESTION, qa::upvote);
        on(ns, "qa:publish", Shape.QA_QUESTION, qa::publish);
        on(ns, "qa:dismiss", Shape.QA_QUESTION, qa::dismiss);
        on(ns, "qa:reopen", Shape.QA_QUESTION, qa::reopen);
        on(ns, "qa:answer", Shape.QA_ANSWER, qa::answer);
        ns.addEventListener("workshop:chat", Object.class, (client, data, ack) -> {
            Call call = limit.admit("workshop:chat", client, ack)
                    ? parse("workshop:chat", Shape.MESSAGE, client, data, ack)
                    : null;
            if (call != null && waitingRefused(call, ack)) {
                return;
            }
            if (call != null && !queues.submit(call.workshopId(), call.user().id(), chats, new Pending(call, ack))) {
                limit.refuse(call.event(), client, ack, EventQueues.full());
            }
        });
        // unknown events, and events with binary attachments (no event of ours takes one), are answered
        // invalid_payload rather than ignored; the socket stays (§6)
        ns.onRefused((client, event, why, ack) -> {
            String name = event == null ? "unknown" : event;
            if (limit.admit(name, client, ack)) { // unknown events count towards the socket's limit too
                replies.fail(name, client, ack, new InvalidPayload(refusal(why, event)));
            }
        });
        // state changes come from the lifecycle (REST and jobs) only; say so rather than ignore it
        ns.addEventListener("workshop:state-change", Object.class, (client, data, ack) -> {
            if (limit.admit("workshop:state-change", client, ack)) {
                replies.fail(
                        "workshop:state-change",
                        client,
                        ack,
                        new Forbidden("clients cannot change a workshop's state"));
            }
        });
        broadcaster.attach(ns);
    }

    private static String refusal(Refusal why, String event) {
        return switch (why) {
            case UNKNOWN_EVENT -> "unknown event " + (event.length() > 64 ? event.substring(0, 64) + "…" : event);
            case BINARY_ATTACHMENTS -> "events carry JSON only, no binary attachments";
            case TOO_COMPLEX -> "the payload is nested too deeply to read";
        };
    }

    private void on(SocketIONamespace ns, String event, Shape shape, Call.Handler handler) {
        dispatchTo(ns, event, shape, waiting.guard(handler));
    }

    private void dispatchTo(SocketIONamespace ns, String event, Shape shape, Call.Handler handler) {
        ns.addEventListener(
                event, Object.class, (client, data, ack) -> dispatch(event, shape, handler, client, data, ack));
    }

    /** A waiting user's chat is refused {@code waiting}; true if it was. */
    private boolean waitingRefused(Call call, AckRequest ack) {
        try {
            waiting.refuseIfWaiting(call);
            return false;
        } catch (LecternException e) {
            replies.fail(call.event(), call.client(), ack, e);
            return true;
        }
    }

    private void dispatch(
            String event, Shape shape, Call.Handler handler, SocketIOClient client, Object data, AckRequest ack) {
        Call call = limit.admit(event, client, ack) ? parse(event, shape, client, data, ack) : null;
        if (call != null && !queues.submit(call.workshopId(), call.user().id(), () -> run(call, handler, ack))) {
            limit.refuse(event, client, ack, EventQueues.full());
        }
    }

    /** The event as a {@link Call}, or null once the caller has been told why not. */
    private Call parse(String event, Shape shape, SocketIOClient client, Object data, AckRequest ack) {
        CurrentUser user = sessions.user(client);
        if (user == null) {
            replies.fail(event, client, ack, new Forbidden("not connected"));
            return null;
        }
        try {
            return new Call(event, client, user, Inbound.parse(data, shape));
        } catch (LecternException e) {
            replies.fail(event, client, ack, e);
            return null;
        }
    }

    /** Chat messages queued behind each other in one workshop: stored together, answered one by one. */
    private void chat(List<Pending> batch) {
        List<Pending> admitted = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            try {
                authenticator.remember(p.call().user());
                admitted.add(p);
            } catch (RuntimeException e) {
                replies.fail(p.call().event(), p.call().client(), p.ack(), e);
            }
        }
        chat.chat(admitted.stream().map(Pending::call).toList(), outcome -> {
            Pending p = admitted.get(outcome.index());
            if (outcome.error() == null) {
                replies.ok(p.ack(), outcome.reply());
            } else {
                replies.fail(p.call().event(), p.call().client(), p.ack(), outcome.error());
            }
        });
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
