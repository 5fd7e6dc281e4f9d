package dev.lectern.system;

/**
 * The contract's machine-readable error codes. A domain value: which HTTP status or socket code each
 * becomes is the edges' decision ({@code ApiExceptionHandler.status}, {@code signaling.Replies}).
 */
public enum ErrorCode {
    INVALID_PAYLOAD("invalid_payload"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    NOT_FOUND("not_found"),
    INVALID_TRANSITION("invalid_transition"),
    INVALID_STATE("invalid_state"),
    FULL("full"),
    BANNED("banned"),
    CONFLICT("conflict"),
    PAYLOAD_TOO_LARGE("payload_too_large"),
    RATE_LIMITED("rate_limited"),
    RTC_NOT_CONFIGURED("rtc_not_configured"),
    UNAVAILABLE("unavailable"),
    /** In a waiting room, not admitted yet (CONTRACT §7.2): REST 403, socket {@code waiting}. */
    WAITING("waiting"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
