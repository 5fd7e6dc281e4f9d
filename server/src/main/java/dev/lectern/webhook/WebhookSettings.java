package dev.lectern.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code LECTERN_WEBHOOK_URLS} (comma-separated http(s) URLs; none: webhooks off) and
 * {@code LECTERN_WEBHOOK_SECRET} ({@code whsec_} + base64 key, required with URLs). A bad value stops
 * the start-up with a message naming the variable rather than sending unsigned or to nowhere.
 *
 * @param pollInterval how often a sender looks for due rows written on other nodes (this node's own
 *     commits wake it at once)
 * @param timeout one attempt's limit, connect and answer
 * @param retention how long a message is retried before it is dropped
 * @param senderEnabled false: this node writes the outbox but sends nothing (tests run their own senders)
 */
@ConfigurationProperties("lectern.webhook")
public record WebhookSettings(
        List<String> urls,
        String secret,
        Duration pollInterval,
        Duration timeout,
        Duration retention,
        Boolean senderEnabled) {

    public WebhookSettings {
        urls = urls == null
                ? List.of()
                : urls.stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        retention = retention == null ? Duration.ofHours(24) : retention;
        senderEnabled = senderEnabled == null || senderEnabled;
        for (String url : urls) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("LECTERN_WEBHOOK_URLS: not a URL: " + url);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("LECTERN_WEBHOOK_URLS: not an http(s) URL: " + url);
            }
        }
        if (!urls.isEmpty()) {
            key(secret); // fails now, at start-up, rather than at the first send
        }
    }

    boolean enabled() {
        return !urls.isEmpty();
    }

    byte[] key() {
        return key(secret);
    }

    static byte[] key(String secret) {
        if (secret == null || !secret.startsWith("whsec_")) {
            throw new IllegalArgumentException(
                    "LECTERN_WEBHOOK_SECRET must be whsec_ followed by a base64 key when LECTERN_WEBHOOK_URLS is set");
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            if (key.length < 16) {
                throw new IllegalArgumentException(
                        "LECTERN_WEBHOOK_SECRET: the key must be at least 16 bytes (24 base64 characters)");
            }
            return key;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("LECTERN_")) {
                throw e;
            }
            throw new IllegalArgumentException("LECTERN_WEBHOOK_SECRET: the part after whsec_ is not base64");
        }
    }
}
