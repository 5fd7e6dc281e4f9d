package dev.lectern.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs the suite's child processes: the Node.js parts (web/compat, web/) and the benchmark scripts. */
public final class Processes {

    private Processes() {}

    public record Result(int exitCode, String output) {}

    /** Runs {@code command} in {@code dir} with extra {@code env}; fails the test if it outlives the timeout. */
    public static Result run(Path dir, int timeoutSeconds, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        return run(dir, timeoutSeconds, environment -> environment.putAll(env), command);
    }

    /**
     * Runs {@code command} in {@code dir} without the {@code LECTERN_*} variables this JVM inherited, so the
     * servers a script starts are configured by the script alone; fails the test if it outlives the timeout.
     */
    public static Result runWithoutLecternEnv(Path dir, int timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        return run(
                dir,
                timeoutSeconds,
                environment -> environment.keySet().removeIf(k -> k.startsWith("LECTERN_")),
                command);
    }

    private static Result run(
            Path dir, int timeoutSeconds, Consumer<Map<String, String>> environment, String... command)
            throws IOException, InterruptedException {
        Process process;
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            environment.accept(builder.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "cannot run " + command[0] + " (Node.js 18+ with npm, and bash, are required for this test)", e);
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
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reader.join(5000);
            throw new AssertionError(
                    String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + output);
        }
        reader.join(5000);
        return new Result(process.exitValue(), output.toString());
    }

    /** A directory of this checkout holding {@code marker}: Maven runs tests in server/, so look upwards. */
    public static Path repoDirectory(String relative, String marker) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate.resolve(marker))) {
                return candidate;
            }
        }
        throw new AssertionError(
                relative + "/" + marker + " not found above " + Path.of("").toAbsolutePath());
    }
}
