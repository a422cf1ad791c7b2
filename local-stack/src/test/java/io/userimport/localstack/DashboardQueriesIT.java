package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus (Debian's {@code prometheus}) scrapes the local run during an import, as the
 * deployment's does, and every query of the provisioned Grafana dashboard returns data.
 */
class DashboardQueriesIT {

    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "dashboards", "user-import.json");
    private static LocalStack stack;
    private static AdminApi api;
    private static Process prometheus;
    private static Path home;
    private static String prometheusUrl;

    @BeforeAll
    static void startPrometheus() throws IOException {
        Path binary = List.of("/usr/bin/prometheus", "/usr/local/bin/prometheus").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeThat(binary).as("Prometheus is installed (.ci/run installs Debian's prometheus)").isNotNull();
        stack = SharedStack.get();
        api = new AdminApi(stack);
        home = Files.createTempDirectory("prometheus");
        Files.writeString(home.resolve("metrics-token"), stack.metricsToken());
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\nscrape_configs:\n");
        for (String service : List.of("ingest-service", "import-worker", "notification-service")) {
            config.append("""
                      - job_name: %s
                        metrics_path: /actuator/prometheus
                        authorization:
                          credentials_file: %s
                        static_configs:
                          - targets: ["%s"]
                    """.formatted(service, home.resolve("metrics-token"), stack.url(service).replace("http://", "")));
        }
        Files.writeString(home.resolve("prometheus.yml"), config);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        prometheusUrl = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + home.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(home.resolve("prometheus.log").toFile()).start();
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    @Test
    void everyQueryOfTheDashboardReturnsDataDuringAnImport() throws Exception {
        List<String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(15);
        String prefix = "dash" + UUID.randomUUID().toString().substring(0, 6) + "-";
        StringBuilder csv = new StringBuilder("login_id,email,groups\n");
        for (int i = 1; i <= 3_000; i++) {
            csv.append(prefix).append(i).append(',').append(prefix).append(i).append("@example.com,")
                    .append(i % 100 == 0 ? "No Such Group" : "").append('\n');
        }
        String id = api.start("dashboard.csv", csv.toString());
        await().atMost(Duration.ofMinutes(3)).until(() -> api.job(id).get("status").asString().equals("COMPLETED"));

        RestClient client = RestClient.create();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, Integer> series = new TreeMap<>();
            for (String query : queries) {
                JsonNode answer = AdminApi.JSON.readTree(client.get().uri(UriComponentsBuilder
                        .fromUriString(prometheusUrl + "/api/v1/query").queryParam("query", "{query}")
                        .build(query)).retrieve().body(String.class));
                assertThat(answer.get("status").asString()).as(query).isEqualTo("success");
                series.put(query, answer.get("data").get("result").size());
            }
            assertThat(series).as("series each dashboard query returns").allSatisfy((query, count) ->
                    assertThat(count).as(query).isPositive());
        });
    }

    /** Every Prometheus expression of every panel of the provisioned dashboard. */
    private static List<String> dashboardQueries() throws IOException {
        List<String> queries = new ArrayList<>();
        AdminApi.JSON.readTree(Files.readString(DASHBOARD)).get("panels").forEach(panel ->
                panel.path("targets").forEach(target -> queries.add(target.get("expr").asString())));
        return queries;
    }
}
