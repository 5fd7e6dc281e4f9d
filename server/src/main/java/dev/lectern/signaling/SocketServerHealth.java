package dev.lectern.signaling;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} is UP only while the Socket.IO port accepts connections too. */
@Component
class SocketServerHealth implements HealthIndicator {

    private static final int TIMEOUT_MS = 1000;

    private final SocketServer server;

    SocketServerHealth(SocketServer server) {
        this.server = server;
    }

    @Override
    public Health health() {
        if (!server.isRunning()) {
            return Health.down().withDetail("socketio", "stopped").build();
        }
        // a wildcard bind address accepts on loopback too
        String host =
                server.bindAddress().equals("0.0.0.0") || server.bindAddress().equals("::")
                        ? "127.0.0.1"
                        : server.bindAddress();
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(host, server.port()), TIMEOUT_MS);
            return Health.up().withDetail("socketioPort", server.port()).build();
        } catch (IOException e) {
            return Health.down()
                    .withDetail("socketio", "port " + server.port() + " does not accept")
                    .build();
        }
    }
}
