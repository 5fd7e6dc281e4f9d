package dev.lectern.signaling;

import com.corundumstudio.socketio.SocketIOServer;

/** A namespace and its listeners, registered on each fresh server before it starts listening. */
interface SocketModule {

    void register(SocketIOServer server);
}
