package dev.lectern.recording;

import dev.lectern.rtc.AgoraSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Agora REST client and the threads recording work runs on, away from requests and Netty. */
@Configuration(proxyBeanMethods = false)
class RecordingConfig {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A synchronous stop may take Agora up to 20 s. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Bean(destroyMethod = "close")
    ExecutorService recordingExecutor() {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("recording-", 0).factory());
    }

    /** Without Agora's REST credentials there is no client, and recording is skipped. */
    @Bean
    RecordingBackend recordingBackend(
            AgoraSettings agora,
            @Value("${lectern.recording.retry-backoff:}") Duration uniformBackoff,
            @Value("${lectern.recording.request-timeout:30s}") Duration requestTimeout) {
        if (!agora.restConfigured()) {
            return new RecordingBackend(Optional.empty());
        }
        RetryPolicy retries = uniformBackoff == null
                ? RetryPolicy.agoraDefaults()
                : RetryPolicy.uniform(Collections.nCopies(3, uniformBackoff));
        var settings = new RecordingApiSettings(
                URI.create(agora.apiBaseUrl()),
                agora.appId(),
                agora.customerId(),
                agora.customerSecret(),
                CONNECT_TIMEOUT,
                requestTimeout,
                retries);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        return new RecordingBackend(Optional.of(new AgoraRecordingClient(settings, http, Sleeper.threadSleep())));
    }

    /** The Agora client, if recording is configured. */
    record RecordingBackend(Optional<AgoraRecordingClient> client) {}
}
