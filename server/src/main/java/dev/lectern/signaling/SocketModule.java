package dev.lectern.signaling;

import dev.lectern.socketio.SocketIOServer;

/** A namespace and its listeners, registered on each fresh server before it starts listening. */
interface SocketModule {

    void register(SocketIOServer server);
}
