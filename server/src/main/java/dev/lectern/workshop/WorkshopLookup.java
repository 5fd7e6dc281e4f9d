package dev.lectern.workshop;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The workshop as the API shows it (CONTRACT §3), by id, with no caller and no visibility rules: for
 * features that report a workshop on their own behalf (the webhook outbox). Read in the caller's
 * transaction, so it sees that transaction's own changes.
 */
@Component
public class WorkshopLookup {

    private final WorkshopViews views;

    WorkshopLookup(WorkshopViews views) {
        this.views = views;
    }

    public Optional<WorkshopView> view(long workshopId) {
        return views.find(workshopId);
    }
}
