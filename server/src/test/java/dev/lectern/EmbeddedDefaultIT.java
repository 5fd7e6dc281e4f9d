package dev.lectern;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start, for real: the packaged jar started with no configuration in an empty directory
 * (embedded H2 under ./data, dev login on) serves the README's curl walk-through.
 */
class EmbeddedDefaultIT {

    @TempDir
    Path workDir;

    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void embeddedDefaultBootsFromACleanDirectoryAndServesTheWalkthrough() throws Exception {
        Path jar =
                Path.of(System.getProperty("lectern.jar", "target/lectern.jar")).toAbsolutePath();
        Path repo = Path.of(System.getProperty("lectern.repo", "..")).toAbsolutePath();
        int httpPort = freePort();
        int socketPort = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");

        var builder = new ProcessBuilder(java, "-jar", jar.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("server.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("LECTERN_"));
        builder.environment().put("LECTERN_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("LECTERN_SOCKET_PORT", Integer.toString(socketPort));
        builder.environment().put("LECTERN_ALLOWED_ORIGINS", "http://127.0.0.1:" + httpPort);
        server = builder.start();

        String base = "http://127.0.0.1:" + httpPort;
        awaitHealthy(base);
        assertThat(workDir.resolve("data")).as("embedded database directory").isDirectory();

        var walkthrough = new ProcessBuilder(
                        "bash", repo.resolve("docs/walkthrough.sh").toString(), base)
                .redirectErrorStream(true)
                .start();
        String output = new String(walkthrough.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(walkthrough.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(walkthrough.exitValue()).as(output).isZero();
        assertThat(output).contains("walk-through OK").contains("\"status\":\"no_show\"");
    }

    @Test
    void productionWithoutAJwtKeyRefusesToStartWithOneClearLine() throws Exception {
        Path jar =
                Path.of(System.getProperty("lectern.jar", "target/lectern.jar")).toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(java, "-jar", jar.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("LECTERN_"));
        // an unreachable database too: the key problem must be reported, not whatever breaks first
        builder.environment().put("LECTERN_DB_URL", "jdbc:postgresql://127.0.0.1:1/lectern");
        builder.environment().put("LECTERN_HTTP_PORT", Integer.toString(freePort()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output)
                .contains("Lectern: no JWT key configured for production")
                .doesNotContain("\tat ");
    }

    private void awaitHealthy(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            assertThat(server.isAlive()).as("server exited: %s", log()).isTrue();
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("server did not become healthy: " + log());
    }

    private String log() throws IOException {
        Path log = workDir.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
