package dev.lectern.support;

import dev.lectern.workshop.WorkshopUpdated;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records every {@link WorkshopUpdated} as it is published (inside the PATCH's transaction, where the
 * webhook outbox and the waiting room take it). A scanned {@code @Component}, like {@link TransitionEvents},
 * so the integration tests keep sharing one context.
 */
@Component
public class UpdatedEvents {

    private final ConcurrentLinkedQueue<WorkshopUpdated> seen = new ConcurrentLinkedQueue<>();

    @EventListener
    void on(WorkshopUpdated event) {
        seen.add(event);
    }

    public List<WorkshopUpdated> of(long workshopId) {
        return seen.stream().filter(e -> e.after().id() == workshopId).toList();
    }
}
