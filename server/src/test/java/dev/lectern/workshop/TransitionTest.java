package dev.lectern.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransitionTest {

    /** The contract's state machine, written out independently of the enum that implements it. */
    private static final Map<Transition, Set<WorkshopStatus>> ALLOWED = Map.of(
            Transition.OPEN_LOBBY, EnumSet.of(WorkshopStatus.SCHEDULED),
            Transition.START, EnumSet.of(WorkshopStatus.SCHEDULED, WorkshopStatus.LOBBY),
            Transition.END, EnumSet.of(WorkshopStatus.LIVE),
            Transition.CANCEL, EnumSet.of(WorkshopStatus.SCHEDULED, WorkshopStatus.LOBBY));

    @Test
    void allowsExactlyTheContractsTransitions() {
        for (Transition t : Transition.values()) {
            for (WorkshopStatus from : WorkshopStatus.values()) {
                assertThat(t.allowedFrom(from))
                        .as("%s from %s", t, from)
                        .isEqualTo(ALLOWED.get(t).contains(from));
            }
        }
    }

    @Test
    void leadsToTheContractsTargets() {
        assertThat(Transition.OPEN_LOBBY.to()).isEqualTo(WorkshopStatus.LOBBY);
        assertThat(Transition.START.to()).isEqualTo(WorkshopStatus.LIVE);
        assertThat(Transition.END.to()).isEqualTo(WorkshopStatus.ENDED);
        assertThat(Transition.CANCEL.to()).isEqualTo(WorkshopStatus.CANCELLED);
    }

    @Test
    void endedAndCancelledAreFinal() {
        for (Transition t : Transition.values()) {
            assertThat(t.allowedFrom(WorkshopStatus.ENDED)).isFalse();
            assertThat(t.allowedFrom(WorkshopStatus.CANCELLED)).isFalse();
        }
    }
}
