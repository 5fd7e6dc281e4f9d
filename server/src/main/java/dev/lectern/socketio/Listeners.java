package dev.lectern.socketio;

import java.util.List;

/** The callbacks a namespace takes. All run on the connection's Netty event loop: never block in them. */
public final class Listeners {

    private Listeners() {}

    @FunctionalInterface
    public interface ConnectListener {
        void onConnect(SocketIOClient client);
    }

    @FunctionalInterface
    public interface DisconnectListener {
        void onDisconnect(SocketIOClient client);
    }

    /** An event's first argument (null when it has none), converted to the listener's class. */
    @FunctionalInterface
    public interface DataListener<T> {
        void onData(SocketIOClient client, T data, AckRequest ack);
    }

    /** An event with all its arguments, binary attachments as {@code byte[]}. */
    @FunctionalInterface
    public interface EventListener {
        void onEvent(SocketIOClient client, List<Object> args, AckRequest ack);
    }

    /** Decides a namespace CONNECT from its {@code auth} payload ({@code {}} when the client sent none). */
    @FunctionalInterface
    public interface AuthTokenListener {
        AuthTokenResult getAuthTokenResult(Object auth, SocketIOClient client);
    }

    /** Why a well-formed event was not given to a listener. */
    public enum Refusal {
        UNKNOWN_EVENT,
        BINARY_ATTACHMENTS,
        TOO_COMPLEX
    }

    /** Told of well-formed events no listener takes, so the client can be answered rather than ignored. */
    @FunctionalInterface
    public interface RefusedListener {
        void onRefused(SocketIOClient client, String event, Refusal why, AckRequest ack);
    }

    /**
     * @param errorData the CONNECT_ERROR payload: an object with {@code message} is sent as it is,
     *     anything else as {@code {message: "Not authorized", data}}
     */
    public record AuthTokenResult(boolean success, Object errorData) {
        public static final AuthTokenResult AuthTokenResultSuccess = new AuthTokenResult(true, null);
    }
}
