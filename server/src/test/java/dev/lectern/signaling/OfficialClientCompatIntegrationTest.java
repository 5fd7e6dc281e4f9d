package dev.lectern.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Processes;
import dev.lectern.support.Processes.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        Path compat = Processes.repoDirectory("web/compat", "compat.mjs");
        if (!Files.isDirectory(compat.resolve("node_modules/socket.io-client"))) {
            Result install = Processes.run(compat, 180, Map.of(), "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exitCode())
                    .as("npm ci in %s:%n%s", compat, install.output())
                    .isZero();
        }
        User host = newUser("Host");
        List<String> command =
                new ArrayList<>(List.of("node", "compat.mjs", "http://127.0.0.1:" + port, socketUrl(), host.token()));
        for (String name : List.of("Ada", "Bob", "Carol")) {
            command.add(newUser(name).token());
        }

        // the server runs on the tests' movable clock, which earlier tests may have advanced
        Result result = Processes.run(
                compat, 90, Map.of("LECTERN_COMPAT_NOW", clock.instant().toString()), command.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("not ok").containsPattern("compat: \\d+ checks passed");
        assertThat(result.output())
                .contains(
                        "ok - no token → connect_error 'unauthorized', never connect",
                        "ok - a late joiner sees the queue oldest first",
                        "ok - workshop:chat-message is {",
                        "ok - bob cannot rejoin",
                        "ok - state-changed carries ended and endedAt");
    }
}
