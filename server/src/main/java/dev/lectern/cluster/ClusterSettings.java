package dev.lectern.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param redisUrl {@code redis://host:port[/db]} ({@code LECTERN_REDIS_URL}); blank = one node, nothing shared
 * @param prefix what every Redis key and channel of this deployment starts with ({@code LECTERN_REDIS_PREFIX}).
 *     Pub/sub channels ignore the database number, so two deployments on one Redis need different prefixes.
 * @param nodeTtl a node whose heartbeat is older than this is dead ({@code LECTERN_NODE_TTL}); it beats every third of it
 */
@ConfigurationProperties("lectern.cluster")
public record ClusterSettings(String redisUrl, String prefix, Duration nodeTtl) {

    public ClusterSettings {
        redisUrl = redisUrl == null || redisUrl.isBlank() ? null : redisUrl.trim();
        prefix = prefix == null || prefix.isBlank() ? "lectern" : prefix.trim();
        nodeTtl = nodeTtl == null || nodeTtl.isNegative() || nodeTtl.isZero() ? Duration.ofSeconds(15) : nodeTtl;
        if (nodeTtl.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("LECTERN_NODE_TTL must be at least 3s");
        }
    }

    public boolean enabled() {
        return redisUrl != null;
    }

    public Duration heartbeat() {
        return nodeTtl.dividedBy(3);
    }
}
