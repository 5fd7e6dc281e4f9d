package dev.lectern.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lectern.support.Processes;
import dev.lectern.support.Processes.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark's quick mode ({@code bench/run --quick}) against the packaged jar once per build,
 * so the harness never rots. It checks that every scenario produced real, non-zero measurements for
 * all three servers (the flood: Lectern and the reference) — never timing thresholds: this machine's speed is not under test here — and that
 * every join and every request succeeded.
 */
class BenchmarkQuickIT {

    private static final List<String> SERVERS = List.of("lectern", "reference", "ceiling");

    @TempDir
    Path out;

    @Test
    void quickModeMeasuresEveryScenarioOnEveryServer() throws Exception {
        Path jar =
                Path.of(System.getProperty("lectern.jar", "target/lectern.jar")).toAbsolutePath();
        Path repo = Path.of(System.getProperty("lectern.repo", "..")).toAbsolutePath();
        Result bench = Processes.runWithoutLecternEnv(
                repo,
                360,
                "bash",
                repo.resolve("bench/run").toString(),
                "--quick",
                "--jar",
                jar.toString(),
                "--out",
                out.toString());
        assertThat(bench.exitCode()).as(bench.output()).isZero();

        JsonNode results =
                new ObjectMapper().readTree(out.resolve("results.json").toFile());
        for (String server : SERVERS) {
            checkFanout(results.path("fanout").path(server), server);
            checkJoinStorm(results.path("join").path(server), server);
            checkCapacity(results.path("capacity").path(server), server);
            checkRest(results.path("rest").path(server), server);
        }
        // the flood has no meaning for the ceiling (no moderation, no limits): Lectern and the reference
        for (String server : List.of("lectern", "reference")) {
            checkFlood(results.path("flood").path(server), server);
        }
        assertThat(results.path("flood").has("ceiling")).isFalse();
        assertThat(results.path("flood")
                        .path("lectern")
                        .path("refusedByServer")
                        .path("socket_rate")
                        .asLong())
                .as("Lectern refused the flood by its per-socket limit")
                .isPositive();
        assertThat(Files.readString(out.resolve("results.md")))
                .contains("## Fan-out", "## Join storm", "## Capacity", "## REST", "## Flood");
        assertThat(Files.readString(out.resolve("chart.svg")))
                .startsWith("<svg")
                .contains("lectern", "reference", "ceiling");
    }

    private static void checkFanout(JsonNode fanout, String server) {
        assertThat(fanout.has("error"))
                .as("%s fan-out error: %s", server, fanout.path("error"))
                .isFalse();
        JsonNode room = fanout.path("rooms").path(0);
        JsonNode fixed = room.path("fixed");
        assertThat(fixed.path("sent").asInt()).as("%s messages sent", server).isPositive();
        assertThat(fixed.path("received").asLong()).as("%s deliveries", server).isPositive();
        assertThat(fixed.path("latencyMs").path("p50").asDouble())
                .as("%s p50", server)
                .isPositive();
        assertThat(fixed.path("latencyMs").path("max").asDouble())
                .isGreaterThanOrEqualTo(fixed.path("latencyMs").path("p99").asDouble());
        assertThat(room.path("ramp").size()).as("%s ramp steps", server).isPositive();
        assertThat(fixed.path("cpu").path("generatorCpuPct").asDouble())
                .as("%s generator CPU", server)
                .isPositive();
    }

    private static void checkJoinStorm(JsonNode join, String server) {
        assertThat(join.has("error"))
                .as("%s join error: %s", server, join.path("error"))
                .isFalse();
        assertThat(join.path("storms").size()).isEqualTo(2);
        for (JsonNode storm : join.path("storms")) {
            assertThat(storm.path("joined").asInt())
                    .as("%s joined", server)
                    .isEqualTo(storm.path("size").asInt());
            assertThat(storm.path("joinAckMs").path("p99").asDouble()).isPositive();
            // at least the connect packet, the ack and the state snapshot of each joiner
            assertThat(storm.path("framesPerJoin").asDouble())
                    .as("%s frames per join", server)
                    .isGreaterThanOrEqualTo(3);
            assertThat(storm.path("consistentClients").asInt()).isPositive();
        }
    }

    private static void checkCapacity(JsonNode capacity, String server) {
        assertThat(capacity.has("error"))
                .as("%s capacity error: %s", server, capacity.path("error"))
                .isFalse();
        assertThat(capacity.path("joined").asInt())
                .as("%s joined", server)
                .isEqualTo(capacity.path("sockets").asInt())
                .isPositive();
        assertThat(capacity.path("stillOpenAfterIdle").asInt())
                .isEqualTo(capacity.path("sockets").asInt());
        assertThat(capacity.path("rssMiB").asDouble()).isPositive();
        assertThat(capacity.path("heapAfterGcMiB").asDouble())
                .as("%s heap", server)
                .isPositive();
    }

    private static void checkFlood(JsonNode flood, String server) {
        assertThat(flood.has("error"))
                .as("%s flood error: %s", server, flood.path("error"))
                .isFalse();
        for (String phase : List.of("calm", "flood")) {
            JsonNode p = flood.path(phase);
            assertThat(p.path("hostAcks").asInt())
                    .as("%s %s: host acks sent", server, phase)
                    .isPositive();
            assertThat(p.path("hostAckMs").path("count").asInt())
                    .as("%s %s: host acks answered", server, phase)
                    .isPositive();
            assertThat(p.path("hostAckMs").path("p50").asDouble())
                    .as("%s %s: host ack p50", server, phase)
                    .isPositive();
            assertThat(p.path("hostAckMs").path("max").asDouble())
                    .isGreaterThanOrEqualTo(p.path("hostAckMs").path("p99").asDouble());
            assertThat(p.path("expected").asLong())
                    .as("%s %s: deliveries expected", server, phase)
                    .isPositive();
            assertThat(p.path("cpu").path("serverCpuPct").asDouble())
                    .as("%s %s: server CPU", server, phase)
                    .isNotNegative();
        }
        // the quick run's calm phase is 1.5 s of a few acks and chats: the lean reference can spend less than
        // one 10 ms clock tick of CPU on it, which /proc reports as 0; the flood itself always costs ticks
        assertThat(flood.path("flood").path("cpu").path("serverCpuPct").asDouble())
                .as("%s flood: server CPU", server)
                .isPositive();
        assertThat(flood.path("calm").path("received").asLong())
                .as("%s calm deliveries", server)
                .isPositive();
        assertThat(flood.path("flood").path("flood").path("sent").asLong())
                .as("%s flood events sent", server)
                .isPositive();
        assertThat(flood.path("members").asInt()).as("%s members", server).isPositive();
    }

    private static void checkRest(JsonNode rest, String server) {
        assertThat(rest.has("error"))
                .as("%s REST error: %s", server, rest.path("error"))
                .isFalse();
        for (String endpoint : List.of("workshop", "token")) {
            JsonNode r = rest.path(endpoint);
            assertThat(r.path("ok").asLong())
                    .as("%s %s answered 200", server, endpoint)
                    .isPositive();
            assertThat(r.path("ok").asLong())
                    .as("%s %s: every answer 200 (%s)", server, endpoint, r.path("statuses"))
                    .isEqualTo(r.path("requests").asLong());
        }
    }
}
