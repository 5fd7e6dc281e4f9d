package dev.lectern.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Socket.IO v5 server over {@link EngineServer}: namespaces, CONNECT with its auth payload,
 * events and acks (binary ones too), rooms. Add the namespaces, then {@link #start}.
 */
public final class SocketIOServer {

    private final EngineConfig config;
    private final Map<String, SocketIONamespace> namespaces = new ConcurrentHashMap<>();
    private final EngineServer engine;

    public SocketIOServer(EngineConfig config) {
        this.config = config;
        this.engine = new EngineServer(config, session -> new Connection(session, this));
    }

    public SocketIONamespace addNamespace(String name) {
        return namespaces.computeIfAbsent(name, n -> new SocketIONamespace(this, n));
    }

    public SocketIONamespace getNamespace(String name) {
        return namespaces.get(name);
    }

    /** Binds; returns the bound port. */
    public int start() {
        return engine.start();
    }

    public void stop() {
        engine.stop();
    }

    /** Engine.IO sessions open now, namespaces joined or not. */
    public int sessionCount() {
        return engine.sessionCount();
    }

    EngineConfig config() {
        return config;
    }

    ObjectMapper json() {
        return config.json;
    }
}
