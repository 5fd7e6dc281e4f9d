package dev.lectern.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.system.ConfigurationProblem;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    @Test
    void withoutARedisUrlThereIsNoClusterAndTheDefaultsHold() {
        ClusterSettings s = new ClusterSettings(" ", null, null);
        assertThat(s.enabled()).isFalse();
        assertThat(s.prefix()).isEqualTo("lectern");
        assertThat(s.nodeTtl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.heartbeat()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void redisUrlsWithAPortADatabaseCredentialsOrTlsAreAccepted() {
        for (String url : new String[] {
            "redis://127.0.0.1:6379",
            "redis://cache.internal",
            "redis://h:6380/2",
            "rediss://user:secret@h:6380",
            "redis://:secret@h:6379/0"
        }) {
            assertThat(new ClusterSettings(url, "p", Duration.ofSeconds(6)).enabled())
                    .as(url)
                    .isTrue();
        }
    }

    @Test
    void aMalformedUrlOrATooShortTtlIsOneClearConfigurationProblemWithoutTheSecret() {
        assertThatThrownBy(() -> new ClusterSettings("cache.internal:6379", null, null))
                .isInstanceOf(ConfigurationProblem.class)
                .hasMessageContaining("LECTERN_REDIS_URL");
        assertThatThrownBy(() -> new ClusterSettings("http://user:secret@h:6379", null, null))
                .isInstanceOf(ConfigurationProblem.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> new ClusterSettings(null, null, Duration.ofSeconds(1)))
                .isInstanceOf(ConfigurationProblem.class)
                .hasMessageContaining("LECTERN_NODE_TTL");
    }
}
