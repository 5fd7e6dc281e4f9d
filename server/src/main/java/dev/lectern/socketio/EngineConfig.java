package dev.lectern.socketio;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Settings of one Engine.IO / Socket.IO server. The defaults are the socket.io server's: ping every
 * 25 s, 20 s to answer, 1,000,000 bytes per message, 45 s to join a namespace.
 */
public final class EngineConfig {

    /** Who the client is: the TCP peer, or an address a trusted proxy forwarded. */
    @FunctionalInterface
    public interface ClientAddresses {
        String resolve(InetAddress peer, List<String> forwardedFor);
    }

    /** Told of every packet the protocol cannot decode, with its kind (a short fixed word). */
    @FunctionalInterface
    public interface MalformedPackets {
        void malformed(String kind, String address, String detail);
    }

    /** Deeper JSON than this is refused unparsed; a payload may be 1 MB of brackets. */
    public static final int MAX_JSON_DEPTH = 1000;

    String host = "127.0.0.1";
    int port;
    String path = "/socket.io/";
    int pingInterval = 25_000;
    int pingTimeout = 20_000;
    int maxPayload = 1_000_000;
    int connectTimeout = 45_000;
    int upgradeTimeout = 10_000;
    int maxConnectionsPerAddress;
    Predicate<String> originAllowed = origin -> false;
    ClientAddresses addresses = (peer, forwarded) -> peer.getHostAddress();
    MalformedPackets malformed = (kind, address, detail) -> {};
    ObjectMapper json = defaultJson();

    /** Jackson as netty-socketio configured it: nulls left out unless a type says otherwise. */
    public static ObjectMapper defaultJson() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.setDefaultPropertyInclusion(
                JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
        mapper.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_JSON_DEPTH)
                        .build());
        return mapper;
    }

    public EngineConfig host(String host) {
        this.host = Objects.requireNonNull(host);
        return this;
    }

    public EngineConfig port(int port) {
        this.port = port;
        return this;
    }
    /** The request path, with its trailing slash, as the clients' {@code path} option. */
    public EngineConfig path(String path) {
        this.path = path.endsWith("/") ? path : path + "/";
        return this;
    }

    public EngineConfig pingInterval(int ms) {
        this.pingInterval = ms;
        return this;
    }

    public EngineConfig pingTimeout(int ms) {
        this.pingTimeout = ms;
        return this;
    }

    public EngineConfig maxPayload(int bytes) {
        this.maxPayload = bytes;
        return this;
    }

    public EngineConfig connectTimeout(int ms) {
        this.connectTimeout = ms;
        return this;
    }

    public EngineConfig upgradeTimeout(int ms) {
        this.upgradeTimeout = ms;
        return this;
    }
    /** Sessions one client address may hold; 0 = unlimited. */
    public EngineConfig maxConnectionsPerAddress(int max) {
        this.maxConnectionsPerAddress = max;
        return this;
    }
    /** Which {@code Origin} headers are served (and echoed in CORS); a request without one always is. */
    public EngineConfig originAllowed(Predicate<String> allowed) {
        this.originAllowed = Objects.requireNonNull(allowed);
        return this;
    }

    public EngineConfig addresses(ClientAddresses addresses) {
        this.addresses = Objects.requireNonNull(addresses);
        return this;
    }

    public EngineConfig malformed(MalformedPackets malformed) {
        this.malformed = Objects.requireNonNull(malformed);
        return this;
    }

    public EngineConfig json(ObjectMapper json) {
        this.json = Objects.requireNonNull(json);
        return this;
    }

    public int pingInterval() {
        return pingInterval;
    }

    public int pingTimeout() {
        return pingTimeout;
    }

    public int maxPayload() {
        return maxPayload;
    }

    public int connectTimeout() {
        return connectTimeout;
    }

    public String path() {
        return path;
    }

    public ObjectMapper json() {
        return json;
    }
}
