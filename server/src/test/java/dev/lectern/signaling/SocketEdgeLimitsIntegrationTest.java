package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.socketio.RawProtocol;
import dev.lectern.socketio.RawProtocol.Ws;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The per-address cap and the namespace-connect timeout (§6), turned down so a test can reach them:
 * 3 sessions per address, 1 s to join a namespace; loopback is a trusted proxy here.
 */
@TestPropertySource(
        properties = {
            "lectern.socket.max-connections-per-ip=3",
            "lectern.socket.connect-timeout=1s",
            "lectern.http.trusted-proxies=127.0.0.1"
        })
class SocketEdgeLimitsIntegrationTest extends SignalingTest {

    private RawProtocol wire;

    @BeforeEach
    void wire() {
        wire = new RawProtocol(socketUrl().substring("http://".length()) + "/socket.io/");
    }

    @Test
    void oneAddressHoldsAtMostItsCapOfSessionsJoinedOrNot() throws Exception {
        String client = "198.51.100.7";
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sids.add(session(client));
        }
        HttpResponse<String> fourth = wire.get("EIO=4&transport=polling", "X-Forwarded-For", client);
        assertThat(fourth.statusCode()).isEqualTo(429);
        // another client behind the same proxy is counted apart
        assertThat(wire.get("EIO=4&transport=polling", "X-Forwarded-For", "198.51.100.8")
                        .statusCode())
                .isEqualTo(200);
        // a spoofed hop left of an untrusted one does not help: the last untrusted entry counts
        assertThat(wire.get("EIO=4&transport=polling", "X-Forwarded-For", "10.9.9.9, " + client)
                        .statusCode())
                .isEqualTo(429);

        wire.post("EIO=4&transport=polling&sid=" + sids.get(0), "1");
        assertThat(wire.get("EIO=4&transport=polling", "X-Forwarded-For", client)
                        .statusCode())
                .as("a slot freed")
                .isEqualTo(200);
    }

    @Test
    void aConnectionThatJoinsNoNamespaceIsClosedAfterTheTimeout() throws Exception {
        long start = System.nanoTime();
        Ws idle = wire.ws("EIO=4&transport=websocket");
        idle.next();
        assertThat(idle.closesWithin(Duration.ofSeconds(4))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));

        // over polling: the waiting GET carries the close packet
        String q = "EIO=4&transport=polling&sid=" + wire.pollingSession();
        assertThat(wire.get(q).body()).isEqualTo("1");

        // a socket that joined stays
        User ada = newUser("Ada");
        Ws joined = wire.ws("EIO=4&transport=websocket");
        joined.next();
        joined.send("40/workshop,{\"token\":\"" + ada.token() + "\"}");
        assertThat((String) joined.next()).startsWith("40/workshop,");
        assertThat(joined.closesWithin(Duration.ofMillis(1500))).isFalse();
        joined.close();
    }

    private String session(String forwardedFor) throws Exception {
        HttpResponse<String> r = wire.get("EIO=4&transport=polling", "X-Forwarded-For", forwardedFor);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return RawProtocol.json(r.body().substring(1)).path("sid").asString();
    }
}
