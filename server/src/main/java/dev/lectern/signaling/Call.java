package dev.lectern.signaling;

import dev.lectern.identity.CurrentUser;
import dev.lectern.socketio.SocketIOClient;
import java.util.Map;

/** One client event, parsed and ready to run on its workshop's queue. */
record Call(String event, SocketIOClient client, CurrentUser user, Inbound payload) {

    long workshopId() {
        return payload.workshopId();
    }

    /** The target of a moderation event: the given user, or the caller when none was given. */
    long target() {
        return payload.targetUserId() == null ? user.id() : payload.targetUserId();
    }

    /** What one event does; returns the fields its {@code ok} ack carries besides {@code ok: true}. */
    @FunctionalInterface
    interface Handler {
        Map<String, ?> handle(Call call);
    }
}
