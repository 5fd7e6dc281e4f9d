package dev.lectern.recording;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * Where and how to call Agora Cloud Recording. A plain record: the application's configuration
 * binds it. {@code connectTimeout} is applied by whoever builds the {@link java.net.http.HttpClient}
 * (a client-wide setting); {@code requestTimeout} bounds each request. Keep the latter above 20 s:
 * a synchronous stop waits for the upload and Agora allows it that long.
 *
 * @param baseUrl {@code https://api.sd-rtn.com} or {@code https://api.agora.io} (or a regional host)
 * @param customerId RESTful API customer ID from Agora Console (not the App ID)
 */
public record RecordingApiSettings(
        URI baseUrl,
        String appId,
        String customerId,
        String customerSecret,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retryPolicy) {

    public RecordingApiSettings {
        Objects.requireNonNull(baseUrl, "baseUrl == null");
        requireText(appId, "appId");
        requireText(customerId, "customerId");
        requireText(customerSecret, "customerSecret");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryPolicy, "retryPolicy == null");
    }

    public RecordingApiSettings(
            URI baseUrl,
            String appId,
            String customerId,
            String customerSecret,
            Duration connectTimeout,
            Duration requestTimeout) {
        this(baseUrl, appId, customerId, customerSecret, connectTimeout, requestTimeout, RetryPolicy.agoraDefaults());
    }

    String authorization() {
        String credentials = customerId + ":" + customerSecret;
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** Settings end up in logs and failure messages; the secret must not. */
    @Override
    public String toString() {
        return "RecordingApiSettings[baseUrl=" + baseUrl + ", appId=" + appId + ", customerId=" + customerId
                + ", customerSecret=***, connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", retryPolicy=" + retryPolicy + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name + " == null");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
