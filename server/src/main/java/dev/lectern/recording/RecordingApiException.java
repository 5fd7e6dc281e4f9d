package dev.lectern.recording;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Cloud Recording call that failed for good, after any retries. {@link Kind} tells the caller
 * whether Agora was reached at all (TRANSPORT), refused (HTTP), or answered 200 with nonsense
 * (MALFORMED). The message never contains credentials.
 */
public final class RecordingApiException extends RuntimeException {

    public enum Kind {
        /** No HTTP reply: connection refused or reset, DNS failure, timeout, interrupted. */
        TRANSPORT,
        /** Agora answered with a status (and usually a code) this client does not accept. */
        HTTP,
        /** Agora answered 200, but without the JSON fields the call needs. */
        MALFORMED
    }

    private static final int MAX_BODY_CHARS = 2000;

    private final Kind kind;
    private final String operation;
    private final int status;
    private final Integer agoraCode;
    private final String reason;
    private final String body;
    private final int attempts;

    private RecordingApiException(
            Kind kind, Operation operation, AgoraReply reply, int attempts, String detail, Throwable cause) {
        super(message(kind, operation, reply, attempts, detail), cause);
        this.kind = kind;
        this.operation = operation.label();
        this.status = reply == null ? 0 : reply.status();
        this.agoraCode =
                reply == null || reply.code().isEmpty() ? null : reply.code().getAsInt();
        this.reason = reply == null ? null : reply.reason();
        this.body = reply == null ? "" : truncate(reply.body());
        this.attempts = attempts;
    }

    static RecordingApiException transport(Operation operation, Throwable cause, int attempts) {
        Objects.requireNonNull(cause, "cause == null");
        return new RecordingApiException(Kind.TRANSPORT, operation, null, attempts, cause.toString(), cause);
    }

    static RecordingApiException http(Operation operation, AgoraReply reply) {
        return new RecordingApiException(Kind.HTTP, operation, reply, reply.attempts(), null, null);
    }

    static RecordingApiException malformed(Operation operation, AgoraReply reply, RuntimeException cause) {
        return new RecordingApiException(Kind.MALFORMED, operation, reply, reply.attempts(), cause.getMessage(), cause);
    }

    public Kind kind() {
        return kind;
    }

    /** "acquire", "start", "query" or "stop". */
    public String operation() {
        return operation;
    }

    /** The HTTP status, or 0 for TRANSPORT failures. */
    public int status() {
        return status;
    }

    public OptionalInt agoraCode() {
        return agoraCode == null ? OptionalInt.empty() : OptionalInt.of(agoraCode);
    }

    /** Agora's {@code reason} or {@code message}. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The reply body, cut to 2000 characters; empty for TRANSPORT failures. */
    public String body() {
        return body;
    }

    /** Requests made in total, the first one included. */
    public int attempts() {
        return attempts;
    }

    private static String message(Kind kind, Operation operation, AgoraReply reply, int attempts, String detail) {
        StringBuilder message = new StringBuilder("Agora ")
                .append(operation.label())
                .append(" failed (")
                .append(kind)
                .append(") after ")
                .append(attempts)
                .append(attempts == 1 ? " attempt" : " attempts");
        if (reply != null) {
            message.append(": HTTP ").append(reply.status());
            reply.code().ifPresent(code -> message.append(", code ").append(code));
            if (reply.reason() != null) {
                message.append(" (").append(truncate(reply.reason())).append(')');
            }
        }
        if (detail != null) {
            message.append(": ").append(detail);
        }
        return message.toString();
    }

    private static String truncate(String text) {
        return text.length() <= MAX_BODY_CHARS ? text : text.substring(0, MAX_BODY_CHARS) + "…";
    }
}
