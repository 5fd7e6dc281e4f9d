package dev.lectern.cluster;

import dev.lectern.support.NodeProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx in front of the nodes, configured by {@code docs/deployment/nginx.conf} itself: only the
 * upstream addresses and the listen port are swapped for the test's.
 */
final class Nginx implements AutoCloseable {

    private static final Pattern UPSTREAM = Pattern.compile("(upstream (\\w+) \\{)(.*?)(\\n    \\})", Pattern.DOTALL);

    private final Process process;
    private final int port;
    private final Path dir;

    private Nginx(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/nginx"));
    }

    static Nginx inFrontOf(List<NodeProcess> nodes, Path repo, Path dir) throws Exception {
        String conf = Files.readString(repo.resolve("docs/deployment/nginx.conf"));
        int port = NodeProcess.freePort();
        Matcher m = UPSTREAM.matcher(conf);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean socket = m.group(2).equals("lectern_socket");
            StringBuilder servers = new StringBuilder(m.group(3).replaceAll("(?m)^\\s*server .*\\n?", ""));
            for (NodeProcess n : nodes) {
                servers.append("        server 127.0.0.1:")
                        .append(socket ? n.socketPort() : n.httpPort())
                        .append(";\n");
            }
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(m.group(1) + servers.toString().stripTrailing() + m.group(4)));
        }
        m.appendTail(out);
        String rewritten = out.toString().replaceFirst("listen 80;", "listen 127.0.0.1:" + port + ";");
        if (rewritten.equals(conf) || !rewritten.contains(":" + port + ";")) {
            throw new AssertionError(
                    "docs/deployment/nginx.conf no longer has the upstreams and listen line this test rewrites");
        }
        Files.createDirectories(dir.resolve("logs"));
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, rewritten);
        Process process = new ProcessBuilder(
                        "/usr/sbin/nginx",
                        "-p",
                        dir.toString(),
                        "-c",
                        file.toString(),
                        "-g",
                        "daemon off; pid " + dir.resolve("nginx.pid") + "; error_log " + dir.resolve("logs/error.log")
                                + ";")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        Nginx nginx = new Nginx(process, port, dir);
        nginx.awaitListening();
        return nginx;
    }

    private void awaitListening() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("nginx exited: " + Files.readString(dir.resolve("nginx.out")));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nginx did not listen on " + port);
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
