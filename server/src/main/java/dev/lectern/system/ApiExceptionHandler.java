package dev.lectern.system;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place REST errors become RFC 9457 problem details with the contract's {@code code}.
 * Spring's own exceptions (bad JSON, wrong types, unknown paths, wrong methods) arrive here too,
 * so a client never sees a stack trace or a bare 500.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** A database refusal is logged at WARN (with its cause) at most this often, at DEBUG otherwise. */
    static final Duration CONFLICT_LOG_INTERVAL = Duration.ofSeconds(10);

    private final Clock clock;
    private final AtomicReference<Instant> lastConflictLogged = new AtomicReference<>(Instant.EPOCH);

    ApiExceptionHandler(Clock clock) {
        this.clock = clock;
    }

    @ExceptionHandler(LecternException.class)
    ResponseEntity<Object> lectern(LecternException ex, WebRequest request) {
        HttpStatus status = status(ex);
        ProblemDetail problem = Problems.of(status, ex.code().wire(), ex.getMessage());
        if (!ex.fieldErrors().isEmpty()) {
            problem.setProperty("errors", ex.fieldErrors());
        }
        return ResponseEntity.status(status).body(problem);
    }

    /** The REST edge's mapping of domain refusals to HTTP (CONTRACT §3); the socket edge has its own in Replies. */
    static HttpStatus status(LecternException ex) {
        return switch (ex.code()) {
            case INVALID_PAYLOAD -> HttpStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN, WAITING -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID_TRANSITION, INVALID_STATE, FULL, CONFLICT -> HttpStatus.CONFLICT;
            // a removed user asking for access is refused like any outsider; signing up again conflicts with the
            // removal
            case BANNED ->
                ex instanceof LecternException.Banned b && b.attempt() == LecternException.Banned.Attempt.ACCESS
                        ? HttpStatus.FORBIDDEN
                        : HttpStatus.CONFLICT;
            case PAYLOAD_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case RTC_NOT_CONFIGURED, UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /**
     * A unique key lost a race (two RSVPs at once, say): the request conflicts with the current state.
     * A value the database cannot hold at all (SQLSTATE class 22: a NUL character in text, a number or
     * date out of range) is bad input instead.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException ex) {
        if (DatabaseFaults.isUnreachable(ex)) {
            // e.g. H2's "Check constraint invalid" (23514) caused by "The database has been closed": not the
            // request's conflict but the database's state (see EmbeddedMigrations)
            return unavailable(ex);
        }
        logConflict("constraint violation", ex);
        SQLException sql = causeOfType(ex, SQLException.class);
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
            return invalid(
                    "a value cannot be stored: text must not contain NUL characters, and numbers and dates must be in range",
                    Map.of());
        }
        return problem(
                HttpStatus.CONFLICT, ErrorCode.CONFLICT.wire(), "the request conflicts with the current state; retry");
    }

    @ExceptionHandler(PessimisticLockingFailureException.class)
    ResponseEntity<Object> lockTimeout(PessimisticLockingFailureException ex) {
        if (DatabaseFaults.isUnreachable(ex)) {
            return unavailable(ex);
        }
        logConflict("lock failure", ex);
        return problem(HttpStatus.CONFLICT, ErrorCode.CONFLICT.wire(), "the workshop is busy; retry");
    }

    /**
     * A 409 the database decided. A lost race is normal and quiet, but a steady stream of them is a server
     * fault (a lock someone never releases, a key generator behind its table): the first of every
     * {@link #CONFLICT_LOG_INTERVAL} is logged at WARN with its cause, so such a state never goes unseen.
     */
    private void logConflict(String what, Exception ex) {
        Instant now = clock.instant();
        Instant last = lastConflictLogged.get();
        if (now.isAfter(last.plus(CONFLICT_LOG_INTERVAL)) && lastConflictLogged.compareAndSet(last, now)) {
            SQLException sql = causeOfType(ex, SQLException.class);
            log.warn(
                    "database {} answered as 409 conflict (SQLSTATE {}, vendor code {}): {}",
                    what,
                    sql == null ? "-" : sql.getSQLState(),
                    sql == null ? "-" : sql.getErrorCode(),
                    rootMessage(ex),
                    ex);
        } else {
            log.debug("database {}", what, ex);
        }
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex) {
        if (DatabaseFaults.isUnreachable(ex)) {
            return unavailable(ex);
        }
        log.error("unexpected error", ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL.wire(), "internal error");
    }

    /**
     * The database cannot be reached (connection refused or dropped, the pool's wait timed out): not the
     * client's fault and not a bug, so 503 with Retry-After. One line without the stack, as this repeats
     * for every request while the database is away.
     */
    private ResponseEntity<Object> unavailable(Exception ex) {
        log.warn("database unreachable: {}", rootMessage(ex));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseFaults.RETRY_AFTER_SECONDS))
                .body(Problems.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        ErrorCode.UNAVAILABLE.wire(),
                        "the database is unreachable; retry shortly"));
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causeOfType(ex, RequestSizeLimitFilter.PayloadTooLarge.class) != null) {
            return problem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    ErrorCode.PAYLOAD_TOO_LARGE.wire(),
                    "request body exceeds " + RequestSizeLimitFilter.MAX_BODY_BYTES + " bytes");
        }
        return invalid(describe(ex), Map.of());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        ex.getBindingResult().getFieldErrors().forEach(e -> errors.putIfAbsent(e.getField(), e.getDefaultMessage()));
        ex.getBindingResult()
                .getGlobalErrors()
                .forEach(e -> errors.putIfAbsent(e.getObjectName(), e.getDefaultMessage()));
        return invalid("invalid fields: " + String.join(", ", errors.keySet()), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            if (result instanceof ParameterErrors body && body.hasFieldErrors()) {
                // a @Valid body: name its fields ("userIds[0]"), not the Java parameter ("body")
                body.getFieldErrors().forEach(e -> errors.putIfAbsent(e.getField(), e.getDefaultMessage()));
            } else {
                errors.putIfAbsent(
                        parameterName(result),
                        result.getResolvableErrors().isEmpty()
                                ? "invalid"
                                : result.getResolvableErrors().get(0).getDefaultMessage());
            }
        }
        return invalid("invalid parameters: " + String.join(", ", errors.keySet()), errors);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "another type" : simpleType(ex.getRequiredType());
        return invalid(name + " must be " + expected, Map.of(name, "must be " + expected));
    }

    /** Everything Spring maps itself (404 unknown path, 405, 415, missing parameter…) gets a code too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p ? p : ProblemDetail.forStatus(statusCode);
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            problem.setProperty("code", Problems.codeFor(statusCode));
        }
        return ResponseEntity.status(statusCode).headers(headers).body(problem);
    }

    private static String parameterName(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        return name == null ? "parameter" : name;
    }

    private static String simpleType(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type == long.class || type == int.class) {
            return "a positive whole number";
        }
        return "a " + type.getSimpleName();
    }

    private static String describe(HttpMessageNotReadableException ex) {
        UnrecognizedPropertyException unknown = causeOfType(ex, UnrecognizedPropertyException.class);
        if (unknown != null) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        InputCoercionException range = causeOfType(ex, InputCoercionException.class);
        if (range != null) {
            // well-formed JSON, but a number too big for its field
            return range.getPath().isEmpty()
                    ? "a number is out of range"
                    : "field '" + fieldPath(range) + "' is out of range";
        }
        StreamReadException syntax = causeOfType(ex, StreamReadException.class);
        if (syntax != null) {
            return "malformed JSON";
        }
        JacksonException jackson = causeOfType(ex, JacksonException.class);
        if (jackson != null && !jackson.getPath().isEmpty()) {
            return "field '" + fieldPath(jackson) + "' has the wrong type or format";
        }
        if (jackson != null) {
            return "the body has the wrong shape: expected a JSON object";
        }
        return "missing or unreadable request body";
    }

    private static String fieldPath(JacksonException ex) {
        return ex.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static <T extends Throwable> T causeOfType(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static ResponseEntity<Object> invalid(String detail, Map<String, String> errors) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_PAYLOAD.wire(), detail);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.badRequest().body(problem);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String code, String detail) {
        return ResponseEntity.status(status).body(Problems.of(status, code, detail));
    }
}
