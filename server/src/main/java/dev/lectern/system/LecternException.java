package dev.lectern.system;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A refusal the caller can act on. Services throw the named subclasses; each edge (REST, Socket.IO)
 * maps them in one place, so the same refusal reads the same everywhere.
 */
public class LecternException extends RuntimeException {

    private final ErrorCode code;
    private final HttpStatus status;
    private final Map<String, String> fieldErrors;

    public LecternException(ErrorCode code, String message) {
        this(code, code.status(), message, Map.of());
    }

    protected LecternException(ErrorCode code, HttpStatus status, String message, Map<String, String> fieldErrors) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public ErrorCode code() {
        return code;
    }

    public HttpStatus status() {
        return status;
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

    /** A removed user: 409 where they try to sign up again, 403 where they ask for access. */
    public static final class Banned extends LecternException {
        public Banned(HttpStatus status) {
            super(ErrorCode.BANNED, status, "you were removed from this workshop", Map.of());
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
            super(ErrorCode.INVALID_PAYLOAD, ErrorCode.INVALID_PAYLOAD.status(), message, fieldErrors);
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
