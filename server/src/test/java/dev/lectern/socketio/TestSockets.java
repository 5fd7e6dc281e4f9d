package dev.lectern.socketio;

/** Sockets for unit tests of the code above the transport, which only use a socket's identity. */
public final class TestSockets {

    private TestSockets() {}

    /** A socket of no connection and no namespace: never connected, so sends to it go nowhere. */
    public static SocketIOClient detached() {
        return new SocketIOClient(null, null);
    }
}
