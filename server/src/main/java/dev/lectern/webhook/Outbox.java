package dev.lectern.webhook;

import static dev.lectern.system.Sql.ts;

import dev.lectern.system.Sql;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a message to {@code webhook_deliveries}, one row per configured URL, in the caller's
 * transaction; its commit wakes this node's sender. The body ({@code {type, timestamp, data}}) is
 * fixed here, so every attempt sends the same bytes under the same {@code webhook-id}.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final WebhookSettings settings;
    private final WebhookWakeUp wakeUp;
    private final Clock clock;

    Outbox(JdbcClient jdbc, JsonMapper json, WebhookSettings settings, WebhookWakeUp wakeUp, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.settings = settings;
        this.wakeUp = wakeUp;
        this.clock = clock;
    }

    /** Queues {@code type} with {@code data}; returns the message id (null when webhooks are off). */
    public String enqueue(String type, Object data) {
        if (!settings.enabled()) {
            return null;
        }
        Instant now = Sql.now(clock);
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", now.toString());
        body.put("data", data);
        String text = json.writeValueAsString(body);
        for (String url : settings.urls()) {
            jdbc.sql("""
                    INSERT INTO webhook_deliveries (message_id, event_type, url, body, created_at, expires_at, next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, type, url, text, ts(now), ts(now.plus(settings.retention())), ts(now))
                    .update();
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeUp.wake();
                }
            });
        } else {
            wakeUp.wake();
        }
        return id;
    }
}
