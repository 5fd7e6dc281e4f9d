package dev.lectern.cluster;

import dev.lectern.system.ConfigurationProblem;
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
            throw new ConfigurationProblem(
                    "LECTERN_NODE_TTL is " + nodeTtl.toMillis() + " ms",
                    "Set LECTERN_NODE_TTL to 3s or more (the default is 15s).");
        }
        if (redisUrl != null && !redisUrl.matches("rediss?://[^/\\s]+(:\\d+)?(/\\d+)?")) {
            throw new ConfigurationProblem(
                    "LECTERN_REDIS_URL is not a Redis URL: " + redisUrl.replaceAll("//[^@/]*@", "//***@"),
                    "Set LECTERN_REDIS_URL to redis://host:port or redis://host:port/db (rediss:// for TLS).");
        }
    }

    public boolean enabled() {
        return redisUrl != null;
    }

    public Duration heartbeat() {
        return nodeTtl.dividedBy(3);
    }
}
