package dev.lectern.signaling;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The socket edge (CONTRACT §6).
 *
 * @param maxConnectionsPerIp Engine.IO sessions one client address may hold, namespace joined or not
 *     ({@code LECTERN_MAX_CONNECTIONS_PER_IP}, default 500); 0 = unlimited
 * @param connectTimeout how long a connection may stay without joining a namespace (45 s, as socket.io)
 */
@ConfigurationProperties("lectern.socket")
public record SocketSettings(Integer maxConnectionsPerIp, Duration connectTimeout) {

    public SocketSettings {
        maxConnectionsPerIp = maxConnectionsPerIp == null ? 500 : Math.max(0, maxConnectionsPerIp);
        connectTimeout = connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                ? Duration.ofSeconds(45)
                : connectTimeout;
    }

    static SocketSettings defaults() {
        return new SocketSettings(null, null);
    }
}
