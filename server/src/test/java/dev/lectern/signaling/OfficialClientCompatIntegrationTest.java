package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code web/compat/compat.mjs}, which drives this server with the official npm
 * {@code socket.io-client} (4.8.x) through join → hand queue → speaker approval → chat → remove →
 * state change, checking every payload shape. Needs Node.js 18+; installs the pinned client with
 * {@code npm ci} when {@code node_modules} is missing.
 */
class OfficialClientCompatIntegrationTest extends SignalingTest {

    @Test
    void theOfficialJavaScriptClientWorksUnchanged() throws Exception {
        Path compat = compatDirectory();
        if (!Files.isDirectory(compat.resolve("node_modules/socket.io-client"))) {
            Result install = run(compat, 180, Map.of(), "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exitCode()).as("npm ci in %s:%n%s", compat, install.output()).isZero();
        }
        User host = newUser("Host");
        List<String> command = new ArrayList<>(List.of("node", "compat.mjs", "http://127.0.0.1:" + port, socketUrl(), host.token()));
        for (String name : List.of("Ada", "Bob", "Carol")) {
            command.add(newUser(name).token());
        }

        // the server runs on the tests' movable clock, which earlier tests may have advanced
        Result result = run(compat, 90, Map.of("LECTERN_COMPAT_NOW", clock.instant().toString()), command.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("not ok").containsPattern("compat: \\d+ checks passed");
        assertThat(result.output()).contains("ok - no token → connect_error 'unauthorized', never connect",
                "ok - a late joiner sees the queue oldest first", "ok - workshop:chat-message is {",
                "ok - bob cannot rejoin", "ok - state-changed carries ended and endedAt");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path dir, int timeoutSeconds, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + ": Node.js 18+ with npm is required for this test", e);
        }
        // read while it runs, so a chatty process never blocks on a full pipe
        var output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process died; its exit code tells
            }
        });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            reader.join(5000);
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + output);
        }
        reader.join(5000);
        return new Result(process.exitValue(), output.toString());
    }

    /** web/compat of this checkout: Maven runs tests in server/, so look upwards. */
    private static Path compatDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("web/compat");
            if (Files.isRegularFile(candidate.resolve("compat.mjs"))) {
                return candidate;
            }
        }
        throw new AssertionError("web/compat/compat.mjs not found above " + Path.of("").toAbsolutePath());
    }
}
