package dev.lectern.recording;

import dev.lectern.recording.RetryPolicy.Cause;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one Cloud Recording request until Agora gives an answer the call can use, retrying the very
 * same request as the {@link RetryPolicy} allows, then hands the reply to the call's parser.
 */
final class RecordingExchange {

    private static final Logger log = LoggerFactory.getLogger(RecordingExchange.class);

    private final HttpClient http;
    private final RetryPolicy policy;
    private final Sleeper sleeper;

    RecordingExchange(HttpClient http, RetryPolicy policy, Sleeper sleeper) {
        this.http = http;
        this.policy = policy;
        this.sleeper = sleeper;
    }

    /** @param parse reads an accepted reply; any exception it throws marks the reply MALFORMED */
    <T> T call(Operation operation, HttpRequest request, Function<AgoraReply, T> parse) {
        AgoraReply reply = send(operation, request);
        try {
            return parse.apply(reply);
        } catch (RuntimeException e) {
            throw RecordingApiException.malformed(operation, reply, e);
        }
    }

    private AgoraReply send(Operation operation, HttpRequest request) {
        Map<Cause, Integer> retries = new EnumMap<>(Cause.class);
        for (int attempt = 1; ; attempt++) {
            AgoraReply reply;
            try {
                HttpResponse<String> response = http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
                reply = AgoraReply.of(response.statusCode(), response.body(), attempt);
            } catch (IOException e) {
                RecordingApiException failure = RecordingApiException.transport(operation, e, attempt);
                retryOrThrow(operation, Cause.TRANSPORT, retries, failure);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RecordingApiException.transport(operation, e, attempt);
            }
            if (ReplyRules.accepted(operation, reply)) {
                return reply;
            }
            Optional<Cause> cause = ReplyRules.retryCause(operation, reply);
            if (cause.isEmpty()) {
                throw RecordingApiException.http(operation, reply);
            }
            retryOrThrow(operation, cause.get(), retries, RecordingApiException.http(operation, reply));
        }
    }

    private void retryOrThrow(
            Operation operation, Cause cause, Map<Cause, Integer> retries, RecordingApiException failure) {
        int used = retries.getOrDefault(cause, 0);
        Duration backoff = policy.backoff(operation, cause, used).orElseThrow(() -> failure);
        retries.put(cause, used + 1);
        log.info("{}; retrying in {} ms", failure.getMessage(), backoff.toMillis());
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            throw failure;
        }
    }
}
