package dev.lectern.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lectern.support.Processes;
import dev.lectern.support.Processes.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Java load generator ({@code bench/run --client java --quick}, bench/loadgen/LoadGen.java) for
 * a few seconds against the packaged jar and the reference, so the instrument the performance numbers
 * come from never rots. It checks that the results are real and consistent with each other — every chat
 * message reached every member and was acked, latencies are positive and ordered, the generator's own
 * CPU was measured, every join succeeded and converged, bytes were counted — never timing thresholds.
 * Then it runs bench/reference/check.mjs, the reference's own behaviour checks.
 */
class LoadGenQuickIT {

    private static final List<String> SERVERS = List.of("lectern", "reference");

    @TempDir
    Path out;

    @Test
    void javaGeneratorDeliversEveryMessageToEveryMemberAndMeasuresItself() throws Exception {
        Path jar =
                Path.of(System.getProperty("lectern.jar", "target/lectern.jar")).toAbsolutePath();
        Path repo = Path.of(System.getProperty("lectern.repo", "..")).toAbsolutePath();
        String output = run(
                repo,
                "bash",
                repo.resolve("bench/run").toString(),
                "--quick",
                "--client",
                "java",
                "--scenarios",
                "fanout,join",
                "--servers",
                String.join(",", SERVERS),
                "--jar",
                jar.toString(),
                "--out",
                out.toString());

        JsonNode results =
                new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.path("meta").path("client").asText()).isEqualTo("java");
        for (String server : SERVERS) {
            JsonNode fanout = results.path("fanout").path(server);
            assertThat(fanout.has("error"))
                    .as("%s fan-out error: %s", server, fanout.path("error"))
                    .isFalse();
            JsonNode room = fanout.path("rooms").path(0);
            int members = room.path("joined").asInt();
            assertThat(members)
                    .as("%s members joined", server)
                    .isEqualTo(room.path("size").asInt())
                    .isPositive();
            checkStep(room.path("fixed"), members, server + " fixed");
            for (JsonNode step : room.path("ramp")) checkStep(step, members, server + " ramp " + step.path("rate"));

            JsonNode join = results.path("join").path(server);
            assertThat(join.has("error"))
                    .as("%s join error: %s", server, join.path("error"))
                    .isFalse();
            for (JsonNode storm : join.path("storms")) {
                int size = storm.path("size").asInt();
                assertThat(storm.path("joined").asInt())
                        .as("%s storm joined", server)
                        .isEqualTo(size);
                // Lectern's presence converges for every client; the reference (the original design: broadcast,
                // then the state query) has a known race that can leave a concurrent joiner's view short
                // (docs/performance.md, "Join storm consistency") — a property of that server, not of the generator
                if (server.equals("lectern")) {
                    assertThat(storm.path("consistentClients").asInt())
                            .as("%s views converged", server)
                            .isEqualTo(size);
                } else {
                    assertThat(storm.path("consistentClients").asInt())
                            .as("%s views tracked", server)
                            .isPositive();
                }
                assertThat(storm.path("joinAckMs").path("count").asInt()).isEqualTo(size);
                assertThat(storm.path("joinAckMs").path("p50").asDouble()).isPositive();
                // the connect packet, the ack and the state snapshot at least, each with some bytes
                assertThat(storm.path("framesPerJoin").asDouble())
                        .as("%s frames per join", server)
                        .isGreaterThanOrEqualTo(3);
                assertThat(storm.path("bytesReceived").asLong())
                        .as("%s bytes", server)
                        .isGreaterThan(storm.path("framesReceived").asLong());
                assertThat(storm.path("cpu").path("generatorCpuPct").asDouble())
                        .as("%s generator CPU in the storm", server)
                        .isPositive();
            }
        }

        run(repo, "node", repo.resolve("bench/reference/check.mjs").toString());
    }

    /** One fan-out phase: all sent, acked, delivered to every member exactly once, on a positive, ordered clock. */
    private static void checkStep(JsonNode step, int members, String what) {
        long sent = step.path("sent").asLong();
        assertThat(sent).as("%s sent", what).isPositive();
        assertThat(step.path("expected").asLong()).as("%s expected", what).isEqualTo(sent * members);
        assertThat(step.path("received").asLong())
                .as("%s every message to every member", what)
                .isEqualTo(sent * members);
        assertThat(step.path("refused").asLong()).as("%s refused", what).isZero();
        assertThat(step.path("senderAcked").asLong()).as("%s acks", what).isEqualTo(sent);
        JsonNode lat = step.path("latencyMs");
        assertThat(lat.path("count").asLong()).isEqualTo(sent * members);
        assertThat(lat.path("p50").asDouble()).as("%s p50", what).isPositive();
        assertThat(lat.path("p99").asDouble())
                .isGreaterThanOrEqualTo(lat.path("p50").asDouble());
        assertThat(lat.path("max").asDouble())
                .isGreaterThanOrEqualTo(lat.path("p99").asDouble());
        // the server confirmed each message after storing it: a measured, positive time
        assertThat(step.path("senderAckMs").path("p50").asDouble())
                .as("%s ack latency", what)
                .isPositive();
        assertThat(step.path("cpu").path("generatorCpuPct").asDouble())
                .as("%s generator CPU", what)
                .isPositive();
        assertThat(step.path("cpu").path("serverCpuPct").asDouble())
                .as("%s server CPU", what)
                .isPositive();
    }

    private static String run(Path repo, String... command) throws Exception {
        Result result = Processes.runWithoutLecternEnv(repo, 300, command);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }
}
