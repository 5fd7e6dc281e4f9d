package dev.lectern.support;

import dev.lectern.workshop.WorkshopTransitioned;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Records every {@link WorkshopTransitioned} the way the real consumers (signaling, recording) receive
 * them: after the transaction commits. A plain {@code @Component} under {@code dev.lectern}, so component
 * scanning puts it in every test context and all integration tests keep sharing one context.
 */
@Component
public class TransitionEvents {

    private final ConcurrentLinkedQueue<WorkshopTransitioned> seen = new ConcurrentLinkedQueue<>();

    @TransactionalEventListener
    void on(WorkshopTransitioned event) {
        seen.add(event);
    }

    /** The events of one workshop, in the order they were delivered. */
    public List<WorkshopTransitioned> of(long workshopId) {
        return seen.stream().filter(e -> e.workshopId() == workshopId).toList();
    }
}
