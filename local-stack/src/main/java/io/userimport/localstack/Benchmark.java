package io.userimport.localstack;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the pipeline end to end on this machine: starts the local stack, uploads a generated
 * file of new users, and prints rows per second (upload to COMPLETED), welcome emails per second
 * and the peak heap each service reached (sampled from its metrics every 250 ms). With
 * {@code no-emails} the users get no welcome email and the run ends at COMPLETED.
 */
final class Benchmark {

    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?\\d+(?:\\.\\d+)?(?:E\\d+)?)");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");
    private static final Pattern VALUE = Pattern.compile("\"value\":([0-9.E]+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final LocalStack stack;
    private final Map<String, Double> peakHeap = new LinkedHashMap<>();

    Benchmark(LocalStack stack) {
        this.stack = stack;
    }

    /** @param emails whether the imported users get welcome emails (and the run waits for the last one) */
    void run(int rows, boolean emails) throws Exception {
        Path csv = Files.createTempFile("benchmark-users-", ".csv");
        try {
            generate(csv, rows);
            measure(csv, rows, emails);
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    private void measure(Path csv, int rows, boolean emails) throws Exception {
        String ingest = stack.url("ingest-service");
        System.out.printf("Uploading %,d rows (%,d bytes)%n", rows, Files.size(csv));
        Instant start = Instant.now();
        String accepted = upload(ingest + "/api/imports", csv, emails);
        Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(accepted);
        if (!id.find()) {
            throw new IllegalStateException("Upload refused: " + accepted);
        }
        Instant acceptedAt = Instant.now();
        String job;
        String status;
        String lastReport = "";
        do {
            Thread.sleep(250);
            sampleHeap();
            job = get(ingest + "/api/imports/" + id.group(1));
            status = match(STATUS, job);
            int percent = (int) number(job, "percentComplete");
            String report = status + (percent / 10);
            if (!report.equals(lastReport)) {
                System.out.printf("  %6.1f s  %-10s %3d%%  %,d of %,d rows have their outcome%n",
                        Duration.between(start, Instant.now()).toMillis() / 1000.0, status, percent,
                        (long) number(job, "processedRows"), rows);
                lastReport = report;
            }
        } while (!status.equals("COMPLETED") && !status.equals("FAILED"));
        Instant completed = Instant.now();
        if (status.equals("FAILED")) {
            throw new IllegalStateException("Import failed: " + job);
        }
        long sent = 0;
        while (emails && sent < rows && Duration.between(completed, Instant.now()).toMinutes() < 30) {
            Thread.sleep(250);
            sampleHeap();
            sent = countSent();
        }
        Instant mailed = Instant.now();

        double importSeconds = Duration.between(start, completed).toMillis() / 1000.0;
        double mailSeconds = Duration.between(start, mailed).toMillis() / 1000.0;
        System.out.printf("%nBenchmark: %,d new users, one CSV upload, %d cores, %s%n", rows,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        System.out.printf("  upload answered (202)        %8.2f s%n", Duration.between(start, acceptedAt).toMillis() / 1000.0);
        System.out.printf("  upload to COMPLETED          %8.2f s   %,10.0f rows/s%n", importSeconds, rows / importSeconds);
        if (emails) {
            System.out.printf("  upload to last welcome email %8.2f s   %,10.0f emails/s (%,d sent)%n", mailSeconds,
                    sent / mailSeconds, sent);
        }
        System.out.printf("  created %,d, failed %,d%n", (long) number(job, "created"), (long) number(job, "failed"));
        peakHeap.forEach((service, bytes) -> System.out.printf("  peak heap %-22s %6.0f MiB (of -Xmx512m)%n", service,
                bytes / (1024 * 1024)));
    }

    private long countSent() throws IOException, InterruptedException {
        String metric = get(stack.url("notification-service")
                + "/actuator/metrics/userimport.welcome.emails?tag=status:sent");
        return metric.contains("\"measurements\"") ? (long) Double.parseDouble(match(VALUE, metric)) : 0;
    }

    private void sampleHeap() throws IOException, InterruptedException {
        for (String service : List.of("ingest-service", "import-worker", "notification-service")) {
            String metric = get(stack.url(service) + "/actuator/metrics/jvm.memory.used?tag=area:heap");
            peakHeap.merge(service, Double.parseDouble(match(VALUE, metric)), Math::max);
        }
    }

    static void generate(Path csv, int rows) throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 6);
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("login_id,email,first_name,last_name\n");
            for (int i = 1; i <= rows; i++) {
                out.write("user" + run + "-" + i + ",user" + run + "-" + i + "@example.com,First" + i + ",Last" + i + "\n");
            }
        }
    }

    private String upload(String url, Path csv, boolean emails) throws IOException, InterruptedException {
        String boundary = "----benchmark" + UUID.randomUUID();
        String options = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"sendWelcomeEmails\"\r\n\r\n"
                + emails + "\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", signIn())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString(options + "--" + boundary + "\r\nContent-Disposition: form-data; "
                                + "name=\"file\"; filename=\"benchmark.csv\"\r\nContent-Type: text/csv\r\n\r\n"),
                        HttpRequest.BodyPublishers.ofFile(csv),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", signIn()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** HTTP Basic as the built-in Administrator. */
    private String signIn() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + stack.adminPassword())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static double number(String json, String field) {
        Matcher matcher = NUMBER.matcher(json);
        while (matcher.find()) {
            if (matcher.group(1).equals(field)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }

    private static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("Unexpected answer: " + text);
        }
        return matcher.group(1);
    }
}
