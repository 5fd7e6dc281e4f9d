package dev.lectern.system;

import java.util.Map;
import java.util.Objects;

/**
 * A refusal the caller can act on. Services throw the named subclasses; each edge (REST, Socket.IO)
 * maps them in one place, so the same refusal reads the same everywhere. A refusal carries a domain
 * {@link ErrorCode}, never a transport status: the HTTP status is {@code ApiExceptionHandler}'s choice,
 * the socket code {@code signaling.Replies}'.
 */
public class LecternException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, String> fieldErrors;

    public LecternException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    protected LecternException(ErrorCode code, String message, Map<String, String> fieldErrors) {
        super(message, null, false, false);
        this.code = code;
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public ErrorCode code() {
        return code;
    }

    /** Offending fields and what is wrong with each, for {@code invalid_payload}. */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    public static final class NotFound extends LecternException {
        public NotFound(String what) {
            super(ErrorCode.NOT_FOUND, what + " not found");
        }
    }

    /** Not admitted from the workshop's waiting room yet (CONTRACT §7.2). */
    public static final class Waiting extends LecternException {
        public Waiting(String message) {
            super(ErrorCode.WAITING, message);
        }
    }

    public static final class Forbidden extends LecternException {
        public Forbidden(String message) {
            super(ErrorCode.FORBIDDEN, message);
        }
    }

    public static final class Unauthorized extends LecternException {
        public Unauthorized(String message) {
            super(ErrorCode.UNAUTHORIZED, message);
        }
    }

    /**
     * A removed user. What they attempted is part of the refusal, because the REST edge answers the two
     * differently (CONTRACT: 403 where they ask for access, 409 where they try to sign up again).
     */
    public static final class Banned extends LecternException {

        /** What the removed user tried to do. */
        public enum Attempt {
            /** See, join, act in or get a token for the workshop. */
            ACCESS,
            /** RSVP again, or cancel an RSVP. */
            SIGN_UP
        }

        private final Attempt attempt;

        public Banned(Attempt attempt) {
            super(ErrorCode.BANNED, "you were removed from this workshop", Map.of());
            this.attempt = Objects.requireNonNull(attempt, "attempt == null");
        }

        public Attempt attempt() {
            return attempt;
        }
    }

    public static final class InvalidTransition extends LecternException {
        public InvalidTransition(String message) {
            super(ErrorCode.INVALID_TRANSITION, message);
        }
    }

    public static final class InvalidState extends LecternException {
        public InvalidState(String message) {
            super(ErrorCode.INVALID_STATE, message);
        }
    }

    public static final class Full extends LecternException {
        public Full(int maxAttendees) {
            super(ErrorCode.FULL, "the workshop is full (" + maxAttendees + " attendees)");
        }
    }

    public static final class Conflict extends LecternException {
        public Conflict(String message) {
            super(ErrorCode.CONFLICT, message);
        }
    }

    public static final class InvalidPayload extends LecternException {
        public InvalidPayload(String message) {
            this(message, Map.of());
        }

        public InvalidPayload(String message, Map<String, String> fieldErrors) {
            super(ErrorCode.INVALID_PAYLOAD, message, fieldErrors);
        }
    }

    public static final class RateLimited extends LecternException {
        public RateLimited(String message) {
            super(ErrorCode.RATE_LIMITED, message);
        }
    }

    public static final class RtcNotConfigured extends LecternException {
        public RtcNotConfigured() {
            super(ErrorCode.RTC_NOT_CONFIGURED, "RTC is not configured on this server");
        }
    }
}
