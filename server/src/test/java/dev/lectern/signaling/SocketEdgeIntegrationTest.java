package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.lectern.socketio.RawProtocol;
import dev.lectern.socketio.RawProtocol.Ws;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The protocol behaviours of the official suites, in the production configuration: {@code /workshop}
 * and {@code /notifications} with a JWT, the default heartbeat, allowed Origins only. Raw HTTP and
 * WebSocket, as the suites speak it.
 */
class SocketEdgeIntegrationTest extends SignalingTest {

    @Autowired
    MeterRegistry registry;

    private RawProtocol wire;

    @BeforeEach
    void wire() {
        wire = new RawProtocol(socketUrl().substring("http://".length()) + "/socket.io/");
    }

    @Test
    void theHandshakeIsTheSocketIoDefaultsAndLeaksNothing() throws Exception {
        HttpResponse<String> r = wire.get("EIO=4&transport=polling", "Origin", "http://localhost:8080");
        JsonNode open = RawProtocol.json(r.body().substring(1));
        assertThat(open.path("pingInterval").asInt()).isEqualTo(25000);
        assertThat(open.path("pingTimeout").asInt()).isEqualTo(20000);
        assertThat(open.path("maxPayload").asInt()).isEqualTo(1_000_000);
        assertThat(open.path("upgrades").toString()).isEqualTo("[\"websocket\"]");
        assertThat(r.headers().firstValue("Server")).isEmpty();
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:8080");

        HttpResponse<String> foreign = wire.get("EIO=4&transport=polling", "Origin", "http://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        assertThat(wire.get("EIO=4&transport=polling&sid=unknown").body())
                .isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(wire.get("transport=polling").body())
                .isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertThat(wire.get("EIO=3&transport=polling").statusCode()).isEqualTo(400);
    }

    @Test
    void aWorkshopOverLongPollingWithBinaryRefusedAndTheSessionKept() throws Exception {
        User host = newUser("Host");
        long id = liveWorkshop(host);
        String q = "EIO=4&transport=polling&sid=" + wire.pollingSession();

        wire.post(q, "40/workshop,{\"token\":\"" + host.token() + "\"}");
        assertThat(wire.get(q).body()).startsWith("40/workshop,{\"sid\":");
        wire.post(q, "42/workshop,1[\"workshop:join\",{\"workshopId\":" + id + "}]");
        String joined = untilContains(q, "43/workshop,1[");
        assertThat(joined).contains("43/workshop,1[{\"ok\":true");

        wire.post(
                q,
                "451-/workshop,2[\"workshop:chat\",{\"workshopId\":" + id
                        + ",\"message\":\"hi\",\"f\":{\"_placeholder\":true,\"num\":0}}]\u001ebAQID");
        assertThat(untilContains(q, "43/workshop,2["))
                .contains("\"ok\":false")
                .contains("\"code\":\"invalid_payload\"")
                .contains("no binary attachments");
        wire.post(q, "42/workshop,3[\"workshop:teleport\",{}]");
        assertThat(untilContains(q, "43/workshop,3[")).contains("\"code\":\"invalid_payload\"");
        wire.post(q, "42/workshop,4[\"workshop:chat\",{\"workshopId\":" + id + ",\"message\":\"still here\"}]");
        assertThat(untilContains(q, "43/workshop,4[")).contains("43/workshop,4[{\"ok\":true");
    }

    @Test
    void connectErrorsAreObjects() throws Exception {
        User ada = newUser("Ada");
        Ws ws = wire.ws("EIO=4&transport=websocket");
        ws.next();
        ws.send("40/workshop,");
        assertThat(ws.next()).isEqualTo("44/workshop,{\"message\":\"unauthorized\"}");
        ws.send("40/workshop,{\"token\":[\"" + ada.token() + "\"]}");
        assertThat(ws.next())
                .as("a token that is not a string")
                .isEqualTo("44/workshop,{\"message\":\"unauthorized\"}");
        ws.send("40/workshop,{\"token\":42}");
        assertThat(ws.next()).isEqualTo("44/workshop,{\"message\":\"unauthorized\"}");
        ws.send("40/nowhere,{\"token\":\"" + ada.token() + "\"}");
        assertThat(ws.next()).isEqualTo("44/nowhere,{\"message\":\"Invalid namespace\"}");
        ws.send("40/notifications,{\"token\":\"" + ada.token() + "\"}");
        assertThat((String) ws.next()).startsWith("40/notifications,{\"sid\":");
        ws.send("40/workshop,{\"token\":\"" + ada.token() + "\"}");
        assertThat((String) ws.next()).startsWith("40/workshop,{\"sid\":");
        ws.close();
    }

    @Test
    void aPendingGetIsAnsweredWhenTheClientCloses() throws Exception {
        User ada = newUser("Ada");
        String q = "EIO=4&transport=polling&sid=" + wire.pollingSession();
        wire.post(q, "40/workshop,{\"token\":\"" + ada.token() + "\"}");
        wire.get(q);
        var pending = wire.getAsync(q);
        Thread.sleep(100);
        wire.post(q, "1");
        assertThat(pending.get().body()).isEqualTo("6");
    }

    @Test
    void aSecondWebSocketForAnUpgradedSessionIsRefused() throws Exception {
        User ada = newUser("Ada");
        String sid = wire.pollingSession();
        wire.post("EIO=4&transport=polling&sid=" + sid, "40/workshop,{\"token\":\"" + ada.token() + "\"}");
        wire.get("EIO=4&transport=polling&sid=" + sid);
        Ws first = wire.ws("EIO=4&transport=websocket&sid=" + sid);
        first.send("2probe");
        assertThat(first.next()).isEqualTo("3probe");
        first.send("5");
        Ws second = wire.ws("EIO=4&transport=websocket&sid=" + sid);
        assertThat(second.closesWithin(RawProtocol.WAIT)).isTrue();
        first.send("42/workshop,7[\"workshop:join\",{\"workshopId\":999999999}]");
        assertThat((String) first.next()).startsWith("43/workshop,7[").contains("\"code\":\"not_found\"");
        first.close();
    }

    @Test
    void keepAliveIsHonoured() throws Exception {
        String[] hostPort = socketUrl().substring("http://".length()).split(":");
        try (Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            for (int i = 0; i < 3; i++) {
                out.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                List<String> head = new ArrayList<>();
                for (String line; !(line = in.readLine()).isEmpty(); ) {
                    head.add(line.toLowerCase());
                }
                assertThat(head.get(0)).isEqualTo("http/1.1 200 ok");
                assertThat(head).doesNotContain("connection: close");
                int length = head.stream()
                        .filter(h -> h.startsWith("content-length:"))
                        .map(h -> Integer.parseInt(h.substring(15).trim()))
                        .findFirst()
                        .orElseThrow();
                in.skip(length);
            }
        }
    }

    @Test
    void aThousandGarbagePacketsAreCountedAndLogACoupleOfLines() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(MalformedPackets.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        double before = count("engine_packet") + count("socket_packet");
        try {
            for (int i = 0; i < 500; i++) {
                String q = "EIO=4&transport=polling&sid=" + wire.pollingSession();
                assertThat(wire.post(q, "garbage " + i).statusCode()).isEqualTo(400);
                assertThat(wire.get(q).statusCode()).isEqualTo(400); // the session is gone
            }
            for (int i = 0; i < 500; i++) {
                String q = "EIO=4&transport=polling&sid=" + wire.pollingSession();
                wire.post(q, "4x" + i); // a message packet that is no Socket.IO packet
            }
        } finally {
            logger.detachAppender(lines);
        }
        long bytes = lines.list.stream()
                .mapToLong(e -> e.getFormattedMessage().length() + (e.getThrowableProxy() == null ? 0 : 10_000))
                .sum();
        LoggerFactory.getLogger(SocketEdgeIntegrationTest.class)
                .info("1,000 garbage packets: {} log lines, {} bytes", lines.list.size(), bytes);
        assertThat(count("engine_packet") + count("socket_packet") - before).isEqualTo(1000);
        assertThat(lines.list).as("at most one line a minute per kind").hasSizeLessThanOrEqualTo(2);
        assertThat(bytes)
                .as("log bytes per 1,000 garbage packets, no stack traces")
                .isLessThan(600);
        assertThat(wire.pollingSession()).as("the server serves on").isNotBlank();
    }

    private double count(String kind) {
        var counter = registry.find("lectern.socket.malformed.packets")
                .tag("kind", kind)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Polls until the body carries {@code marker}; returns everything received meanwhile. */
    private String untilContains(String q, String marker) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 20 && all.indexOf(marker) < 0; i++) {
            HttpResponse<String> r = wire.get(q);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            all.append(r.body()).append('\u001e');
        }
        assertThat(all.toString()).contains(marker);
        return all.substring(all.indexOf(marker));
    }
}
