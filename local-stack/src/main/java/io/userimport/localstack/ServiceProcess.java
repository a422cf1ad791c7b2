package io.userimport.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** One of the three services, run from its executable jar as a child process. */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * @param maxHeap    the JVM's {@code -Xmx}, such as {@code 512m}
     * @param jvmOptions files of the local run's JVM options, one per line, in order; those that
     *                   do not exist are skipped. {@code local-stack/jvm.options}, which the scripts
     *                   also give the stack's own JVM: the serial collector, and the optimising
     *                   compiler kept for the hottest methods, so that on a machine of few cores the
     *                   compilers do not take the processor from the first rows. Then the service's
     *                   own, {@code local-stack/<module>.jvm.options}
     */
    static ServiceProcess start(String name, Path jar, int port, String maxHeap, List<Path> jvmOptions,
                                Map<String, String> properties, Path logDir) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + maxHeap));
        jvmOptions.forEach(file -> command.addAll(options(file)));
        // more JVM options, {name} standing for the service's name: -Dstack.jvm-options="-XX:StartFlightRecording=..."
        // (for every service), -Dstack.jvm-options.import-worker="..." (for one)
        for (String property : List.of("stack.jvm-options", "stack.jvm-options." + name)) {
            String options = System.getProperty(property, "").replace("{name}", name);
            command.addAll(List.of(options.split(" ")).stream().filter(option -> !option.isBlank()).toList());
        }
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ServiceProcess(name, port, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /** The options of a file, one per line ({@code #} starts a comment line); none when there is no such file. */
    private static List<String> options(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList() : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the service answers UP on its health endpoint. */
    void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(300));
        }
        throw new IllegalStateException(name + " did not become healthy within " + timeout + "; see " + log);
    }

    String name() {
        return name;
    }

    String url() {
        return "http://localhost:" + port;
    }

    Path log() {
        return log;
    }

    /** The bytes in use in the service's heap, by its JVM's own counters (empty when they cannot be read). */
    OptionalLong heapUsed() {
        return PerfCounters.heapUsed(process.pid());
    }

    /** The processor time the service has used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Ends the service at once, as {@code kill -9} does: no shutdown hook runs, nothing is flushed. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends SIGTERM and returns how long the service took to exit (at most {@code timeout}, then it is killed). */
    Duration terminate(Duration timeout) {
        long start = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Asks the service to stop (SIGTERM: Spring shuts down gracefully) without waiting. */
    void stop() {
        process.destroy();
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public void close() {
        terminate(Duration.ofSeconds(20));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
