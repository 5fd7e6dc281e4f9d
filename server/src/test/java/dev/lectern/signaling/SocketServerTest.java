package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lectern.system.ConfigurationProblem;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketServerTest {

    @Test
    void aTakenPortFailsTheStartWithOneClearProblemAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SocketServer server = new SocketServer(new SignalingSettings(taken.getLocalPort(), "127.0.0.1", 0, 0), null, new EncodedJson(), List.of());

            assertThatThrownBy(server::start).isInstanceOf(ConfigurationProblem.class)
                    .hasMessageContaining("cannot listen for Socket.IO on 127.0.0.1:" + taken.getLocalPort());
            assertThat(server.isRunning()).isFalse();
        }
    }

    @Test
    void portZeroBindsAFreePortAndReportsIt() {
        SocketServer server = new SocketServer(new SignalingSettings(0, "127.0.0.1", 0, 0), null, new EncodedJson(), List.of());
        server.start();
        try {
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isPositive();
        } finally {
            server.stop();
        }
        assertThat(server.isRunning()).isFalse();
    }
}
