package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** Single-node presence: a user is present while any of their sockets is in the room. */
class LocalPresenceTest {

    private final PresenceStore presence = new LocalPresence();

    @Test
    void aSecondTabNeitherArrivesTwiceNorLeavesEarly() {
        UUID tab1 = UUID.randomUUID();
        UUID tab2 = UUID.randomUUID();
        assertThat(presence.enter(7, 1, tab1)).isTrue();
        assertThat(presence.enter(7, 1, tab2)).isFalse();
        assertThat(presence.enter(7, 1, tab2)).as("the same socket again").isFalse();
        assertThat(presence.users(7)).containsExactly(1L);
        assertThat(presence.exit(7, 1, tab1)).isFalse();
        assertThat(presence.isPresent(7, 1)).isTrue();
        assertThat(presence.exit(7, 1, tab2)).isTrue();
        assertThat(presence.exit(7, 1, tab2))
                .as("a second exit of the same socket is no second departure")
                .isFalse();
        assertThat(presence.users(7)).isEmpty();
        assertThat(presence.isPresent(7, 1)).isFalse();
    }

    @Test
    void aSocketKnowsItsRoomsAndAnEvictionTakesEveryTabOfTheUser() {
        UUID ada1 = UUID.randomUUID();
        UUID ada2 = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        presence.enter(7, 1, ada1);
        presence.enter(8, 1, ada1);
        presence.enter(7, 1, ada2);
        presence.enter(7, 2, bob);
        assertThat(presence.workshopsOf(ada1)).containsExactlyInAnyOrder(7L, 8L);

        assertThat(presence.evict(7, 1)).containsExactlyInAnyOrder(ada1, ada2);

        assertThat(presence.users(7)).containsExactly(2L);
        assertThat(presence.contains(7, ada1)).isFalse();
        assertThat(presence.workshopsOf(ada1)).containsExactly(8L);
        assertThat(presence.workshopsOf(ada2)).isEmpty();
        assertThat(presence.exit(7, 1, ada2))
                .as("an evicted socket's later disconnect is no departure")
                .isFalse();
        assertThat(presence.evict(7, 1)).isEmpty();
    }

    @Test
    void ofTwoTabsOpeningAtOnceExactlyOneArrives() throws Exception {
        for (int trial = 0; trial < 200; trial++) {
            long workshop = trial;
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return presence.enter(workshop, 1, UUID.randomUUID());
                }));
            }
            List<Boolean> arrived = new ArrayList<>();
            for (CompletableFuture<Boolean> run : runs) {
                arrived.add(run.get());
            }
            assertThat(arrived).as("trial %d", trial).containsExactlyInAnyOrder(true, false);
        }
    }
}
