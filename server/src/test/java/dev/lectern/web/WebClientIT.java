package dev.lectern.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lectern.support.Processes;
import dev.lectern.support.Processes.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The web client's own suites, run against the packaged jar: {@code npm test} (Vitest: both hooks
 * against a real server each suite starts) and {@code npm run e2e} (the room page in Debian's
 * headless Chromium: host and two attendees through a whole workshop; then media with Agora
 * configured but unreachable). Both start {@code lectern.jar} themselves on free
 * ports; this test hands them the jar and this JVM's java. Needs {@code npm ci} in web/ (the Maven
 * build does it) and /usr/bin/chromium ({@code scripts/test.sh} installs it).
 */
class WebClientIT {

    private static final Path WEB = Processes.repoDirectory("web", "package.json");

    private static Map<String, String> env() {
        String jar = Path.of(System.getProperty("lectern.jar", "target/lectern.jar"))
                .toAbsolutePath()
                .toString();
        String java = ProcessHandle.current().info().command().orElse("java");
        return Map.of("LECTERN_JAR", jar, "LECTERN_JAVA", java, "CI", "true", "NO_COLOR", "1");
    }

    @Test
    void hookTestsPassAgainstTheRealServer() throws Exception {
        Result result = Processes.run(WEB, 300, env(), "npm", "test", "--", "--reporter=verbose");
        String output = withoutColours(result.output());

        assertThat(result.exitCode()).as(output).isZero();
        assertThat(output)
                .containsPattern("Tests\\s+\\d+ passed")
                .doesNotContain("failed")
                .contains(
                        "follows every room event, in every client, and surfaces refusals",
                        "rejoins after a lost connection and replaces its state with a fresh snapshot",
                        "has every message exactly once after a reconnect, including those sent while away");
    }

    @Test
    void hostAndTwoAttendeesRunAWorkshopInChromium() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(Path.of(chromium))
                .as("Debian's chromium (apt-get install -y chromium; scripts/test.sh does it)")
                .isExecutable();

        Result result = Processes.run(WEB, 300, env(), "npm", "run", "e2e");
        String output = withoutColours(result.output());

        assertThat(result.exitCode()).as(output).isZero();
        assertThat(output)
                .doesNotContain("not ok")
                .containsPattern("e2e: \\d+ checks passed")
                .contains(
                        "ok - Ada sees the queue in order: Ada, Bob",
                        "ok - Ada is told she may speak",
                        "ok - Bob sees the chat in order",
                        "ok - Bob is told he was removed",
                        "ok - Ada sees the workshop has ended",
                        "ok - Host is told media is unavailable (no Agora configured)",
                        "ok - the Agora SDK is not loaded with the page",
                        "ok - chat keeps working while media is unavailable")
                .containsPattern("e2e media: \\d+ checks passed");
        assertThat(WEB.resolve("test-results/e2e/08-ended-host.png"))
                .as("screenshots saved")
                .exists();
        assertThat(Files.size(WEB.resolve("test-results/e2e/08-ended-host.png")))
                .isPositive();
    }

    /**
     * 50 connect cycles over WebSocket and 50 over long-polling only, with the official client in
     * Chromium ({@code web/e2e/cycles.e2e.mjs}). With a pending GET left unanswered after close,
     * Chromium's 6 connections per host fill up and the 6th polling cycle never connects.
     */
    @Test
    void fiftyConnectCyclesOverEachTransportInChromium() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(Path.of(chromium))
                .as("Debian's chromium (apt-get install -y chromium; scripts/test.sh does it)")
                .isExecutable();

        Result result = Processes.run(WEB, 300, env(), "node", "e2e/cycles.e2e.mjs");
        String output = withoutColours(result.output());

        assertThat(result.exitCode()).as(output).isZero();
        assertThat(output)
                .doesNotContain("not ok")
                .contains(
                        "ok - 50 connect cycles over websocket with the official client",
                        "ok - 50 connect cycles over polling with the official client",
                        "ok - no page errors")
                .contains("e2e cycles: 3 checks passed");
    }

    /** The waiting room, panelists and the backstage switch in Chromium ({@code web/e2e/admission.e2e.mjs}). */
    @Test
    void waitingRoomPanelistsAndBackstageInChromium() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(Path.of(chromium))
                .as("Debian's chromium (apt-get install -y chromium; scripts/test.sh does it)")
                .isExecutable();

        Result result = Processes.run(WEB, 300, env(), "node", "e2e/admission.e2e.mjs");
        String output = withoutColours(result.output());

        assertThat(result.exitCode()).as(output).isZero();
        assertThat(output)
                .doesNotContain("not ok")
                .contains(
                        "ok - Bob waits second in line",
                        "ok - Ada is admitted into the live room",
                        "ok - Bob moves up to first in line",
                        "ok - Bob is told he was not admitted",
                        "ok - Pat is backstage",
                        "ok - Pat is told they are live",
                        "ok - no uncaught errors in any page")
                .containsPattern("e2e admission: \\d+ checks passed");
        assertThat(WEB.resolve("test-results/admission/04-backstage-pat.png"))
                .as("screenshots saved")
                .exists();
    }

    /** The host's report page (CONTRACT §7.6, {@code web/e2e/report.e2e.mjs}): rows, totals, the chart, the CSV. */
    @Test
    void hostOpensTheReportOfAShortWorkshopInChromium() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assertThat(Path.of(chromium))
                .as("Debian's chromium (apt-get install -y chromium; scripts/test.sh does it)")
                .isExecutable();

        Result result = Processes.run(WEB, 300, env(), "node", "e2e/report.e2e.mjs");
        String output = withoutColours(result.output());

        assertThat(result.exitCode()).as(output).isZero();
        assertThat(output)
                .doesNotContain("not ok")
                .contains(
                        "ok - host sees a row per attendee with sessions and chat counts",
                        "ok - host sees the presence chart",
                        "ok - host downloads the CSV",
                        "ok - an attendee is refused the report",
                        "ok - no uncaught errors in any page")
                .contains("e2e report: 9 checks passed");
        assertThat(WEB.resolve("test-results/e2e/report-host.png")).exists();
    }

    /** The JS tools may colour their reports (ANSI escapes); the assertions read plain text. */
    private static String withoutColours(String output) {
        return output.replaceAll("\u001B\\[[0-9;]*m", "");
    }
}
