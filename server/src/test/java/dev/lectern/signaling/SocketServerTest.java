package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.system.ConfigurationProblem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketServerTest {

    @Test
    void aTakenPortFailsTheStartWithOneClearProblemAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SocketServer server = server(taken.getLocalPort());

            assertThatThrownBy(server::start)
                    .isInstanceOf(ConfigurationProblem.class)
                    .hasMessageContaining("cannot listen for Socket.IO on 127.0.0.1:" + taken.getLocalPort());
            assertThat(server.isRunning()).isFalse();
        }
    }

    @Test
    void portZeroBindsAFreePortAndReportsIt() {
        SocketServer server = server(0);
        server.start();
        try {
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isPositive();
        } finally {
            server.stop();
        }
        assertThat(server.isRunning()).isFalse();
    }

    private static SocketServer server(int port) {
        return new SocketServer(
                new SignalingSettings(port, "127.0.0.1", 0, 0),
                SocketSettings.defaults(),
                null,
                new EncodedJson(),
                List.of(),
                new MalformedPackets(new SimpleMeterRegistry(), Clock.systemUTC()),
                "");
    }
}
