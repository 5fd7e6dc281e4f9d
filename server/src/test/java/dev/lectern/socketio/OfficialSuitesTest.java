package dev.lectern.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official protocol test suites, unchanged, against {@link ConformanceServers}: the
 * {@code test-suite/} of {@code socketio/engine.io-protocol} and of {@code socketio/socket.io-protocol}.
 * Their code cannot be committed here, so it is copied at test time out of the mirrored repositories
 * ({@code -Dlectern.conformance.mirror}, default {@code /work/.mirror}) into {@code target/conformance/};
 * their npm devDependencies come from our own {@code src/test/conformance/package.json} and lock, at the
 * versions the suites' lock pins. Without the mirror (or without npm) the test is skipped, loudly.
 *
 * <p>The suites hard-code port 3000 and some of their tests race two requests (a GET against a POST,
 * two WebSocket messages against one {@code await}); on a loaded machine one can lose a race the
 * server has no part in. A suite with failures is therefore run again, at most twice; every
 * failure of every run is logged, and a suite passes only if one whole run passes every test.
 */
class OfficialSuitesTest {

    private static final Logger log = LoggerFactory.getLogger(OfficialSuitesTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path WORK = Path.of("target/conformance").toAbsolutePath();
    private static final int RUNS = 3;

    @Test
    void engineIoSuitePassesEveryTest() throws Exception {
        Path suite = prepare("engine.io");
        EngineServer server = ConformanceServers.engineIo(ConformanceServers.PORT);
        server.start();
        try {
            assertAllPass("engine.io", suite, 24);
        } finally {
            server.stop();
        }
    }

    @Test
    void socketIoSuitePassesEveryTest() throws Exception {
        Path suite = prepare("socket.io");
        SocketIOServer server = ConformanceServers.socketIo(ConformanceServers.PORT);
        server.start();
        try {
            assertAllPass("socket.io", suite, 32);
        } finally {
            server.stop();
        }
    }

    private static void assertAllPass(String name, Path dir, int expectedTests) throws Exception {
        List<String> history = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            JsonNode report = mocha(dir);
            int tests = report.path("stats").path("tests").asInt();
            int passes = report.path("stats").path("passes").asInt();
            List<String> failed = new ArrayList<>();
            report.path("failures")
                    .forEach(f -> failed.add(f.path("fullTitle").asString() + ": "
                            + f.path("err").path("message").asString()));
            log.info("{} suite, run {}: {} of {} tests passed", name, run, passes, tests);
            if (!failed.isEmpty()) {
                log.warn("{} suite, run {}: failed {}", name, run, failed);
                history.add("run " + run + ": " + failed);
                continue;
            }
            assertThat(tests).as("%s: tests in the suite", name).isEqualTo(expectedTests);
            assertThat(passes)
                    .as("%s: passing tests (earlier runs: %s)", name, history)
                    .isEqualTo(tests);
            return;
        }
        throw new AssertionError(name + " suite failed in each of " + RUNS + " runs: " + history);
    }

    private static JsonNode mocha(Path dir) throws Exception {
        Path out = dir.resolve("report.json");
        Path err = dir.resolve("mocha.log");
        Process p = new ProcessBuilder(
                        "node",
                        WORK.resolve("node_modules/mocha/bin/mocha").toString(),
                        "--reporter",
                        "json",
                        "test-suite.js")
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mocha did not finish in 180 s: " + Files.readString(err));
        }
        String text = Files.readString(out);
        int start = text.indexOf('{');
        assertThat(start)
                .as("mocha's JSON report; stderr: %s", Files.readString(err))
                .isNotNegative();
        return JSON.readTree(text.substring(start));
    }

    /** Copies the suite out of its mirror and installs its npm dependencies; skips when either is missing. */
    private static Path prepare(String name) throws Exception {
        Path mirror = Path.of(System.getProperty("lectern.conformance.mirror", "/work/.mirror"))
                .resolve("socketio+" + name + "-protocol/repo");
        if (!Files.isDirectory(mirror)) {
            String why = "SKIPPED: the official " + name + " protocol test suite is not here (no mirror at " + mirror
                    + "); fetch github:socketio/" + name + "-protocol there or set -Dlectern.conformance.mirror."
                    + " ProtocolConformanceTest still checks the key behaviours.";
            log.warn(why);
            Assumptions.abort(why);
        }
        assertThat(portFree(ConformanceServers.PORT))
                .as("port %d (hard-coded in the suites) is free", ConformanceServers.PORT)
                .isTrue();
        Files.createDirectories(WORK);
        Path dir = WORK.resolve(name);
        Files.createDirectories(dir);
        for (String file : List.of("test-suite.js", "node-imports.js")) {
            Files.write(dir.resolve(file), git(mirror, "show", "HEAD:test-suite/" + file));
        }
        Path conformance = Path.of("src/test/conformance").toAbsolutePath();
        for (String file : List.of("package.json", "package-lock.json")) {
            Path target = WORK.resolve(file);
            boolean changed = !Files.exists(target) || Files.mismatch(target, conformance.resolve(file)) != -1;
            Files.copy(conformance.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
            if (changed) {
                deleteTree(WORK.resolve("node_modules"));
            }
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/mocha"))) {
            Process npm;
            try {
                npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                        .directory(WORK.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(WORK.resolve("npm.log").toFile())
                        .start();
            } catch (IOException e) {
                String why =
                        "SKIPPED: npm is not installed; the official " + name + " suite needs Node.js 18+ with npm";
                log.warn(why);
                Assumptions.abort(why);
                throw e;
            }
            assertThat(npm.waitFor(300, TimeUnit.SECONDS) && npm.exitValue() == 0)
                    .as(
                            "npm ci in %s: %s",
                            WORK,
                            Files.exists(WORK.resolve("npm.log")) ? Files.readString(WORK.resolve("npm.log")) : "")
                    .isTrue();
        }
        return dir;
    }

    private static byte[] git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "--git-dir=" + repo));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor())
                .as("%s: %s", command, new String(p.getErrorStream().readAllBytes()))
                .isZero();
        return out;
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
