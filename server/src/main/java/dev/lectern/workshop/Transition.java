package dev.lectern.workshop;

import static dev.lectern.workshop.WorkshopStatus.CANCELLED;
import static dev.lectern.workshop.WorkshopStatus.ENDED;
import static dev.lectern.workshop.WorkshopStatus.LIVE;
import static dev.lectern.workshop.WorkshopStatus.LOBBY;
import static dev.lectern.workshop.WorkshopStatus.SCHEDULED;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state machine, whole: every allowed move of a workshop. Anything not listed here is refused
 * with {@code invalid_transition}.
 */
public enum Transition {
    OPEN_LOBBY(EnumSet.of(SCHEDULED), LOBBY, "open the lobby of"),
    START(EnumSet.of(SCHEDULED, LOBBY), LIVE, "start"),
    END(EnumSet.of(LIVE), ENDED, "end"),
    CANCEL(EnumSet.of(SCHEDULED, LOBBY), CANCELLED, "cancel");

    @SuppressWarnings("ImmutableEnumChecker") // Set.copyOf: unmodifiable, though its type cannot say so
    private final Set<WorkshopStatus> from;

    private final WorkshopStatus to;
    private final String verb;

    Transition(Set<WorkshopStatus> from, WorkshopStatus to, String verb) {
        this.from = Set.copyOf(from);
        this.to = to;
        this.verb = verb;
    }

    public boolean allowedFrom(WorkshopStatus status) {
        return from.contains(status);
    }

    public WorkshopStatus to() {
        return to;
    }

    String refusal(WorkshopStatus current) {
        return "cannot " + verb + " a workshop that is " + current.wire();
    }
}
