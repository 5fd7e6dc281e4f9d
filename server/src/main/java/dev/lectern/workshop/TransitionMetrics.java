package dev.lectern.workshop;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts committed lifecycle transitions per node ({@code lectern_workshop_transitions_total{to, cause}}
 * at {@code /actuator/prometheus}). Summed over the nodes it shows each due workshop moved once, not
 * once per node: the jobs' exactly-once rule, measured. It lives with the transitions it counts
 * (it was in {@code cluster}, which made {@code cluster} and {@code workshop} a package cycle).
 */
@Component
class TransitionMetrics {

    private final MeterRegistry registry;

    TransitionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @TransactionalEventListener
    void on(WorkshopTransitioned t) {
        registry.counter(
                        "lectern.workshop.transitions",
                        "to",
                        t.to().wire(),
                        "cause",
                        t.cause().name().toLowerCase(java.util.Locale.ROOT))
                .increment();
    }
}
