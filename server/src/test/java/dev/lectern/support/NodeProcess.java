package dev.lectern.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Lectern node: the packaged jar ({@code lectern.jar}, which Failsafe passes) in its own JVM on
 * free ports, with the given environment on top of a clean one. For tests of several nodes, of
 * crashes ({@link #kill()} is {@code kill -9}) and of the real start-up path.
 */
public final class NodeProcess implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final Path log;
    private final Map<String, String> env;
    private final int httpPort;
    private final int socketPort;
    private Process process;

    public NodeProcess(String name, Path dir, Map<String, String> env) throws IOException {
        this.name = name;
        this.log = dir.resolve(name + ".log");
        this.env = new HashMap<>(env);
        this.httpPort = freePort();
        this.socketPort = freePort();
    }

    /** Starts the JVM; {@link #awaitHealthy()} waits for it. */
    public NodeProcess start() throws IOException {
        Path jar =
                Path.of(System.getProperty("lectern.jar", "target/lectern.jar")).toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        // quick start-up matters more than peak speed for a test node on a shared 2-core machine
        var builder = new ProcessBuilder(
                        java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-jar", jar.toString())
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("LECTERN_") || k.startsWith("SPRING_"));
        builder.environment().putAll(env);
        builder.environment().put("LECTERN_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("LECTERN_SOCKET_PORT", Integer.toString(socketPort));
        process = builder.start();
        return this;
    }

    public NodeProcess awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited: " + log());
            }
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(httpUrl() + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200
                        && JSON.readTree(response.body())
                                .path("status")
                                .asString()
                                .equals("UP")) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " did not become healthy: " + log());
    }

    /** {@code kill -9}: no shutdown hook, no goodbye to the other nodes. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process stays, silent, as in a long GC pause or a frozen VM. */
    public void suspend() throws Exception {
        signal("STOP");
    }

    /** SIGCONT after {@link #suspend()}. */
    public void resume() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public int socketPort() {
        return socketPort;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String socketUrl() {
        return "http://127.0.0.1:" + socketPort;
    }

    public Api api() {
        return new Api(httpPort);
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) { // SIGTERM first: a clean stop is part of what is tested
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
