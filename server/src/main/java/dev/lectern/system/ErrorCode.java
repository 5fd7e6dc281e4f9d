package dev.lectern.system;

import org.springframework.http.HttpStatus;

/** The contract's machine-readable error codes, with the HTTP status each carries by default. */
public enum ErrorCode {
    INVALID_PAYLOAD("invalid_payload", HttpStatus.BAD_REQUEST),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN),
    NOT_FOUND("not_found", HttpStatus.NOT_FOUND),
    INVALID_TRANSITION("invalid_transition", HttpStatus.CONFLICT),
    INVALID_STATE("invalid_state", HttpStatus.CONFLICT),
    FULL("full", HttpStatus.CONFLICT),
    BANNED("banned", HttpStatus.CONFLICT),
    CONFLICT("conflict", HttpStatus.CONFLICT),
    PAYLOAD_TOO_LARGE("payload_too_large", HttpStatus.CONTENT_TOO_LARGE),
    RATE_LIMITED("rate_limited", HttpStatus.TOO_MANY_REQUESTS),
    RTC_NOT_CONFIGURED("rtc_not_configured", HttpStatus.SERVICE_UNAVAILABLE),
    UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR);

    private final String wire;
    private final HttpStatus status;

    ErrorCode(String wire, HttpStatus status) {
        this.wire = wire;
        this.status = status;
    }

    public String wire() {
        return wire;
    }

    public HttpStatus status() {
        return status;
    }
}
