package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.signaling.GuardedChannelInitializer.EmptyAuthForConnect;
import org.junit.jupiter.api.Test;

class EmptyAuthForConnectTest {

    @Test
    void givesAConnectWithoutAuthAnEmptyObject() {
        assertThat(EmptyAuthForConnect.withEmptyAuth("40")).isEqualTo("40{}");
        assertThat(EmptyAuthForConnect.withEmptyAuth("40/workshop,")).isEqualTo("40/workshop,{}");
        assertThat(EmptyAuthForConnect.withEmptyAuth("40/workshop")).isEqualTo("40/workshop,{}");
    }

    @Test
    void rewritesEachConnectOfAPollingBatch() {
        assertThat(EmptyAuthForConnect.withEmptyAuth("40/workshop,\u001e40/notifications,"))
                .isEqualTo("40/workshop,{}\u001e40/notifications,{}");
    }

    @Test
    void leavesEverythingElseAlone() {
        for (String packet : new String[] {"40/workshop,{\"token\":\"x\"}", "42/workshop,1[\"workshop:join\",{}]", "2", "3",
                "41/workshop,", "401", "40/workshop,{}"}) {
            assertThat(EmptyAuthForConnect.withEmptyAuth(packet)).isEqualTo(packet);
        }
    }
}
