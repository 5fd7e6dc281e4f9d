package dev.lectern.webhook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Rings this node's senders after a commit that queued messages (between the outbox and the senders, no cycle). */
@Component
class WebhookWakeUp {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    void subscribe(Runnable listener) {
        listeners.add(listener);
    }

    void unsubscribe(Runnable listener) {
        listeners.remove(listener);
    }

    void wake() {
        listeners.forEach(Runnable::run);
    }
}
