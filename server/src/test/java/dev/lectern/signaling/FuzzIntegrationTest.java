package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.SocketClient;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Random and malformed payloads over every event: each must be answered with an error ack, the
 * socket must stay connected, and the server must go on serving everyone else.
 */
class FuzzIntegrationTest extends SignalingTest {

    private static final Logger log = LoggerFactory.getLogger(FuzzIntegrationTest.class);
    private static final List<String> EVENTS = List.of(
            "workshop:join",
            "workshop:leave",
            "workshop:raise-hand",
            "workshop:lower-hand",
            "workshop:approve-speaker",
            "workshop:revoke-speaker",
            "workshop:promote-cohost",
            "workshop:demote-cohost",
            "workshop:mute-user",
            "workshop:remove-user",
            "workshop:chat",
            "workshop:state-change");
    private static final Set<String> CODES = Set.of("invalid_payload", "not_found", "forbidden");
    private static final int PAYLOADS = 3000;
    /** Fewer than the per-socket event limit: each round is a fresh window (the clock moves 11 s between rounds). */
    private static final int IN_FLIGHT = 50;
    /** No workshop has an id this high, so even a well-formed payload is refused (not_found). */
    private static final long UNKNOWN_BASE = 1_000_000_000_000L;

    @Test
    void thousandsOfMalformedPayloadsAreEachRefusedWithoutHarm() throws Exception {
        long seed = System.nanoTime();
        log.info("fuzz seed {}", seed);
        Random random = new Random(seed);
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient fuzzer = connect(ada);
        Map<String, Integer> codes = new TreeMap<>();

        for (int sent = 0; sent < PAYLOADS; sent += IN_FLIGHT) {
            clock.advance(Duration.ofSeconds(11));
            List<CompletableFuture<JsonNode>> acks = new ArrayList<>();
            List<String> described = new ArrayList<>();
            for (int i = sent; i < sent + IN_FLIGHT; i++) {
                String event = EVENTS.get(i % EVENTS.size());
                Object[] args = arguments(random);
                described.add(event + " " + describe(args));
                acks.add(fuzzer.callAsync(event, args));
            }
            for (int i = 0; i < acks.size(); i++) {
                JsonNode ack = acks.get(i).get(SocketClient.WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(ack.path("ok").asBoolean(true))
                        .as("seed %d: %s → %s", seed, described.get(i), ack)
                        .isFalse();
                String code = ack.path("error").path("code").asString();
                assertThat(code)
                        .as("seed %d: %s → %s", seed, described.get(i), ack)
                        .isIn(CODES);
                codes.merge(code, 1, Integer::sum);
            }
        }

        log.info("fuzz answers by code: {}", codes);
        assertThat(codes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(PAYLOADS);
        assertThat(codes.keySet()).containsAll(CODES);
        assertThat(fuzzer.connected()).isTrue();
        assertThat(fuzzer.receives("workshop:error", Duration.ZERO)).isFalse(); // acked, so no error events
        SocketClient adaClient = joined(ada, id);
        assertOk(adaClient.call("workshop:chat", chat(id, "still here")));
        assertThat(hostClient.next("workshop:chat-message").get("message").asString())
                .isEqualTo("still here");
    }

    @Test
    void aFrameOverThePayloadLimitClosesOnlyThatConnection() {
        User host = newUser("Host");
        User ada = newUser("Ada");
        long id = liveWorkshop(host, ada);
        SocketClient hostClient = joined(host, id);
        SocketClient greedy = connect(ada);

        greedy.send("workshop:chat", chat(id, "x".repeat(SocketServer.MAX_PAYLOAD_BYTES + 1)));

        greedy.nextRaw("disconnect", SocketClient.WAIT);
        assertOk(hostClient.call("workshop:chat", chat(id, "unaffected")));
        assertThat(joined(ada, id)
                        .call("workshop:chat", chat(id, "back"))
                        .path("ok")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aPacketNestedTooDeepToDecodeIsAnsweredAndTheSocketStays() {
        User host = newUser("Host");
        long id = liveWorkshop(host);
        SocketClient client = joined(host, id);

        // 1500 levels: past the parser's nesting limit (1000), so it is refused unread, but it is a
        // well-formed event within maxPayload, so it is answered and the socket stays (§6)
        JsonNode ack = client.callAsync("workshop:chat", deeplyNested(new Random(1), 1500))
                .join();

        assertThat(ack.path("error").path("code").asString()).isEqualTo("invalid_payload");
        assertOk(client.call("workshop:chat", chat(id, "still connected")));
        assertThat(client.connected()).isTrue();
    }

    @Test
    void wellFormedEventsTheContractRefusesAreAnsweredAndTheSocketStays() {
        User host = newUser("Host");
        long id = liveWorkshop(host);
        SocketClient client = joined(host, id);

        // 64 KiB + 1: once the frame limit (netty-socketio closed the socket here), now within maxPayload
        JsonNode big = client.call("workshop:chat", chat(id, "x".repeat(64 * 1024 + 1)));
        JsonNode unknown = client.call("workshop:make-me-host", Map.of("workshopId", id));
        JsonNode binary =
                client.call("workshop:chat", Map.of("workshopId", id, "message", "hi", "file", new byte[] {1, 2, 3}));
        client.send("workshop:nonsense", Map.of());
        JsonNode error = client.next(Replies.ERROR_EVENT);

        assertThat(big.path("error").path("code").asString()).isEqualTo("invalid_payload");
        assertThat(unknown.path("error").path("code").asString()).isEqualTo("invalid_payload");
        assertThat(unknown.path("error").path("message").asString()).contains("unknown event");
        assertThat(binary.path("error").path("code").asString()).isEqualTo("invalid_payload");
        assertThat(binary.path("error").path("message").asString()).contains("binary");
        assertThat(error.path("event").asString()).isEqualTo("workshop:nonsense");
        assertThat(error.path("code").asString()).isEqualTo("invalid_payload");
        assertOk(client.call("workshop:chat", chat(id, "still connected")));
        assertThat(client.connected()).isTrue();
    }

    /** The arguments of one emit: usually one payload, sometimes none or several. */
    private static Object[] arguments(Random r) {
        return switch (r.nextInt(20)) {
            case 0 -> new Object[0];
            case 1 -> new Object[] {junk(r, 2), junk(r, 2)};
            default -> new Object[] {payload(r)};
        };
    }

    private static Object payload(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> scalar(r);
            case 1 -> junk(r, 4);
            case 2 -> hugeString(r);
            case 3 -> deeplyNested(r, 1 + r.nextInt(40));
            default -> almostRight(r);
        };
    }

    /** An object with the real field names, each value right, wrong, missing or extreme. */
    private static Map<String, Object> almostRight(Random r) {
        Map<String, Object> body = new LinkedHashMap<>();
        maybePut(r, body, "workshopId", r.nextInt(3) == 0 ? scalarOrJunk(r) : UNKNOWN_BASE + r.nextInt(1_000_000));
        maybePut(r, body, "targetUserId", r.nextBoolean() ? scalarOrJunk(r) : 1 + (long) r.nextInt(Integer.MAX_VALUE));
        maybePut(r, body, "message", r.nextBoolean() ? scalarOrJunk(r) : randomText(r, r.nextInt(1200)));
        if (r.nextInt(4) == 0) {
            body.put(randomText(r, 8), junk(r, 2));
        }
        return body;
    }

    private static void maybePut(Random r, Map<String, Object> body, String key, Object value) {
        if (r.nextInt(5) != 0) {
            body.put(key, value);
        }
    }

    private static Object scalarOrJunk(Random r) {
        return r.nextBoolean() ? scalar(r) : junk(r, 2);
    }

    private static Object scalar(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> r.nextInt();
            case 3 -> -1 - r.nextInt(1000);
            case 4 -> 0;
            case 5 -> r.nextDouble() * 1e6;
            case 6 -> Long.MAX_VALUE;
            case 7 -> new BigInteger("123456789012345678901234567890");
            case 8 -> "1";
            case 9 -> "";
            case 10 -> 1e300;
            default -> randomText(r, r.nextInt(40));
        };
    }

    private static Object junk(Random r, int depth) {
        if (depth == 0 || r.nextInt(3) == 0) {
            return scalar(r);
        }
        if (r.nextBoolean()) {
            List<Object> list = new ArrayList<>();
            for (int i = r.nextInt(5); i > 0; i--) {
                list.add(junk(r, depth - 1));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            map.put(
                    r.nextBoolean()
                            ? randomText(r, 6)
                            : List.of("workshopId", "targetUserId", "message").get(r.nextInt(3)),
                    junk(r, depth - 1));
        }
        return map;
    }

    private static Object deeplyNested(Random r, int depth) {
        Object inner = UNKNOWN_BASE;
        for (int i = 0; i < depth; i++) {
            inner = r.nextBoolean() ? List.of(inner) : Map.of("workshopId", inner);
        }
        return inner;
    }

    /** 10 to 25 thousand characters (some of them 3 UTF-8 bytes): big, but well within maxPayload. */
    private static Object hugeString(Random r) {
        String text = randomText(r, 10_000 + r.nextInt(15_000));
        return switch (r.nextInt(3)) {
            case 0 -> text;
            case 1 -> Map.of("workshopId", UNKNOWN_BASE, "message", text);
            default -> Map.of("workshopId", text, "targetUserId", 1);
        };
    }

    private static String randomText(Random r, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = r.nextInt(10);
            s.append(kind == 0 ? (char) (0x4e00 + r.nextInt(500)) : kind == 1 ? ' ' : (char) ('!' + r.nextInt(94)));
        }
        return s.toString();
    }

    private static String describe(Object[] args) {
        String text = java.util.Arrays.deepToString(args);
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
