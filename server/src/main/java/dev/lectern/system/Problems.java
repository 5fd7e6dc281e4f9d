package dev.lectern.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds problem details; the status → code table for errors that come from Spring, not from us. */
public final class Problems {

    private Problems() {}

    static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        return problem;
    }

    static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> ErrorCode.INVALID_PAYLOAD.wire();
            case 401 -> ErrorCode.UNAUTHORIZED.wire();
            case 403 -> ErrorCode.FORBIDDEN.wire();
            case 404 -> ErrorCode.NOT_FOUND.wire();
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> ErrorCode.CONFLICT.wire();
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.wire();
            case 415 -> "unsupported_media_type";
            case 429 -> ErrorCode.RATE_LIMITED.wire();
            case 503 -> "unavailable";
            default -> status.is4xxClientError() ? ErrorCode.INVALID_PAYLOAD.wire() : ErrorCode.INTERNAL.wire();
        };
    }

    /**
     * Answers from a servlet filter, before Spring MVC (and its message converters) is reached: the same
     * problem+json shape as every other error. {@code detail} is ours, never the client's input.
     */
    public static void write(HttpServletResponse response, HttpStatus status, String code, String detail)
            throws IOException {
        response.resetBuffer();
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"" + titleFor(status.value()) + "\",\"status\":"
                        + status.value() + ",\"detail\":\""
                        + detail.replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\",\"code\":\"" + code + "\"}");
        response.flushBuffer();
    }

    static String titleFor(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
