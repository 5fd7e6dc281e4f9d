package dev.lectern.signaling;

import dev.lectern.identity.Authenticator;
import dev.lectern.identity.CurrentUser;
import dev.lectern.identity.IdentitySettings;
import dev.lectern.socketio.HandshakeData;
import dev.lectern.socketio.Listeners.AuthTokenListener;
import dev.lectern.socketio.Listeners.AuthTokenResult;
import dev.lectern.socketio.SocketIOClient;
import dev.lectern.system.LecternException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Authentication for every namespace. The Engine.IO handshake checks the {@code Origin} (a browser
 * page from elsewhere must not ride on the user's cookie); the namespace CONNECT checks the JWT from
 * {@code auth.token}, else the {@code lectern_token} cookie, else {@code Authorization: Bearer}.
 * Refusals reach the client as {@code connect_error} with {@code message: "unauthorized"}.
 */
@Component
class SocketAuth implements AuthTokenListener {

    private static final Logger log = LoggerFactory.getLogger(SocketAuth.class);

    static final Map<String, String> UNAUTHORIZED = Map.of("message", "unauthorized");

    private final Authenticator authenticator;
    private final Sessions sessions;
    private final Set<String> allowedOrigins;
    private final ExecutorService executor;

    SocketAuth(
            Authenticator authenticator,
            Sessions sessions,
            IdentitySettings identity,
            @Qualifier("signalingExecutor") ExecutorService executor) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.executor = executor;
        this.allowedOrigins = Set.copyOf(identity.allowedOrigins());
    }

    /**
     * Engine.IO handshake and every polling request with an {@code Origin}: an unlisted one is refused
     * (403, code 4) and never echoed in CORS. No Origin (a server-side client) is not asked about.
     */
    boolean allowsOrigin(String origin) {
        return allowedOrigins.contains(stripSlash(origin));
    }

    /**
     * Namespace CONNECT. Runs on a Netty I/O thread, so it only verifies the signature (CPU work);
     * the user's row is written later, off that thread ({@link Authenticator#remember}). A CONNECT
     * without {@code auth} arrives here as {@code {}}, so every socket meets this check.
     */
    @Override
    public AuthTokenResult getAuthTokenResult(Object auth, SocketIOClient client) {
        try {
            CurrentUser user = authenticator.verify(token(auth, client.getHandshakeData()));
            sessions.put(client, user);
            return AuthTokenResult.AuthTokenResultSuccess;
        } catch (LecternException e) {
            return new AuthTokenResult(false, UNAUTHORIZED);
        }
    }

    /**
     * The second check, on connect: true if the socket passed {@link #getAuthTokenResult}. Otherwise
     * (a path that skipped it) the socket is disconnected.
     */
    boolean admit(SocketIOClient client) {
        CurrentUser user = sessions.user(client);
        if (user != null) {
            // the user's row is written now, off this thread and off the workshop queues, so the first
            // event (a join, usually) finds it done and costs no write on its workshop's serial queue
            try {
                executor.execute(() -> remember(user));
            } catch (RejectedExecutionException e) {
                // shutting down; the user's first event records them if it still runs
            }
            return true;
        }
        // unreachable through the server (its CONNECT runs getAuthTokenResult first); kept as the guard
        client.disconnect();
        return false;
    }

    private void remember(CurrentUser user) {
        try {
            authenticator.remember(user);
        } catch (RuntimeException e) {
            log.warn("could not record user {}; their first event will retry", user.id(), e);
        }
    }

    private static String token(Object auth, HandshakeData handshake) {
        if (auth instanceof Map<?, ?> map && map.get("token") != null) {
            return map.get("token") instanceof String s ? s : null;
        }
        String cookie = Authenticator.tokenFrom(null, handshake.getHttpHeaders().get("Cookie"));
        if (cookie != null) {
            return cookie;
        }
        return Authenticator.tokenFrom(handshake.getHttpHeaders().get("Authorization"), null);
    }

    private static String stripSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }
}
