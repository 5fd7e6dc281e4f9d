package dev.lectern.signaling;

import dev.lectern.identity.CurrentUser;
import dev.lectern.notification.Notification;
import dev.lectern.notification.NotificationsCreated;
import dev.lectern.socketio.SocketIONamespace;
import dev.lectern.socketio.SocketIOServer;
import dev.lectern.system.LecternException.InvalidPayload;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code /notifications} namespace: each socket joins its user's room on connect, and every
 * notification is pushed there as {@code notification:new} once its transaction commits.
 */
@Component
class NotificationSocket implements SocketModule {

    static final String NAMESPACE = "/notifications";

    private final SocketAuth auth;
    private final Sessions sessions;
    private final JsonMapper json;
    private final RoomBroadcaster broadcaster;
    private final EventRateLimit limit;
    private final Replies replies;

    NotificationSocket(
            SocketAuth auth,
            Sessions sessions,
            JsonMapper json,
            RoomBroadcaster broadcaster,
            EventRateLimit limit,
            Replies replies) {
        this.auth = auth;
        this.sessions = sessions;
        this.json = json;
        this.broadcaster = broadcaster;
        this.limit = limit;
        this.replies = replies;
    }

    static String roomOf(long userId) {
        return "user:" + userId;
    }

    @Override
    public void register(SocketIOServer server) {
        SocketIONamespace ns = server.addNamespace(NAMESPACE);
        ns.addAuthTokenListener(auth);
        ns.addConnectListener(client -> {
            if (auth.admit(client)) {
                CurrentUser user = sessions.user(client);
                client.joinRoom(roomOf(user.id()));
            }
        });
        ns.addDisconnectListener(limit::forget);
        ns.addDisconnectListener(sessions::remove);
        // the namespace takes no client events: each is counted towards the socket's limit and answered
        // invalid_payload (ack, or workshop:error), never ignored, and the socket stays (§6)
        ns.onRefused((client, event, why, ack) -> {
            String name = event == null ? "unknown" : event;
            if (limit.admit(name, client, ack)) {
                replies.fail(
                        name,
                        client,
                        ack,
                        new InvalidPayload("the " + NAMESPACE + " namespace takes no client events"));
            }
        });
        broadcaster.attach(ns);
    }

    @TransactionalEventListener
    void on(NotificationsCreated created) {
        for (Notification n : created.notifications()) {
            // the payload is a Jackson 3 tree; the socket port writes with Jackson 2, so hand it plain maps
            Object payload = json.treeToValue(n.payload(), Object.class);
            // the user may be connected to another node: the room is the cluster's
            broadcaster.sendTo(
                    NAMESPACE,
                    roomOf(n.userId()),
                    "notification:new",
                    new Outbound.NotificationNew(n.id(), n.type(), payload, Outbound.iso(n.createdAt())));
        }
    }
}
