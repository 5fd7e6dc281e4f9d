package dev.lectern.identity;

import dev.lectern.system.LecternException.Unauthorized;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Turns a request's credentials into a {@link CurrentUser}, for REST and Socket.IO alike: the token
 * from {@code Authorization: Bearer}, the {@code lectern_token} cookie, or a handshake's {@code auth.token}.
 */
@Component
public class Authenticator {

    public static final String COOKIE = "lectern_token";
    private static final int REMEMBERED_USERS = 100_000;

    private final JwtVerifier verifier;
    private final UserRepository users;
    // Claims already written to the database, so a busy user costs no write per request.
    private final Map<Long, CurrentUser> saved = new ConcurrentHashMap<>();

    Authenticator(JwtVerifier verifier, UserRepository users) {
        this.verifier = verifier;
        this.users = users;
    }

    /** Verifies the token and records the user's claims; {@link Unauthorized} on any failure. */
    public CurrentUser authenticate(String token) {
        CurrentUser user = verify(token);
        remember(user);
        return user;
    }

    /**
     * Only checks the token, touching no database and no network (a JWKS key not in memory yet is a
     * refusal, its fetch started in the background): for Socket.IO handshakes, which run on Netty's
     * I/O threads. Whoever uses the user later calls {@link #remember} off those threads.
     */
    public CurrentUser verify(String token) {
        return verifier.verifyWithoutIo(token);
    }

    /** Writes the user's claims to the database unless this node already did (a map lookup then). */
    public void remember(CurrentUser user) {
        if (!user.equals(saved.get(user.id()))) {
            users.save(user);
            if (saved.size() >= REMEMBERED_USERS) {
                saved.clear();
            }
            saved.put(user.id(), user);
        }
    }

    /** The token a request carries: bearer header first, then the cookie; null if neither. */
    public static String tokenFrom(String authorizationHeader, String cookieHeader) {
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorizationHeader.substring(7).trim();
        }
        return cookie(cookieHeader);
    }

    private static String cookie(String cookieHeader) {
        if (cookieHeader == null) {
            return null;
        }
        for (String part : cookieHeader.split(";")) {
            String pair = part.trim();
            if (pair.startsWith(COOKIE + "=")) {
                return pair.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }
}
