package dev.lectern.cluster;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClusterConfig {

    /** Redis when {@code LECTERN_REDIS_URL} is set, else nothing to share. Closed (inferred) at shutdown. */
    @Bean
    ClusterBus clusterBus(ClusterSettings settings, LocalNode node, Clock clock) {
        return settings.enabled() ? new RedisBus(settings, node, clock, System::nanoTime) : new LocalBus();
    }
}
