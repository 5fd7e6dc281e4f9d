package dev.lectern.socketio;

import java.util.concurrent.atomic.AtomicBoolean;

/** The client's acknowledgement callback of one event, if it gave one. Answer at most once, from any thread. */
public final class AckRequest {

    private final SocketIOClient client;
    private final long id;
    private final AtomicBoolean sent = new AtomicBoolean();

    AckRequest(SocketIOClient client, long id) {
        this.client = client;
        this.id = id;
    }

    public boolean isAckRequested() {
        return id >= 0;
    }

    public void sendAckData(Object... data) {
        if (id >= 0 && sent.compareAndSet(false, true)) {
            client.sendAck(id, data);
        }
    }
}
