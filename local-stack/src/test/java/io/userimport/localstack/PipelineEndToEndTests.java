package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline as a newcomer runs it: the three services as processes from their jars,
 * a real Kafka broker, a real PostgreSQL and a real SMTP server, driven over HTTP only.
 */
class PipelineEndToEndTests {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = new LocalStack().start(LocalStack.Settings.anyFreePorts(Path.of("..").toAbsolutePath().normalize()));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void importsNewUsersFailsExistingAndDuplicateOnesAndLetsThePendingUsersSetTheirPassword() throws Exception {
        String s = UUID.randomUUID().toString().substring(0, 6);
        String worker = stack.url("import-worker");
        assertThat(post(worker + "/api/groups", "application/json", "{\"name\":\"Engineering " + s + "\"}").statusCode())
                .isEqualTo(201);
        String csv = """
                login_id,email,first_name,last_name,password,groups
                ann%1$s,ann%1$s@example.com,Ann,Lee,,Engineering %1$s
                bob%1$s,bob%1$s@example.com,Bob,Ray,,
                cy%1$s,cy%1$s@example.com,Cy,Doe,Passw0rd-%1$s,
                admin,new-admin%1$s@example.com,Not,Admin,,
                BOB%1$s,bob-again%1$s@example.com,Bob,Again,,
                """.formatted(s);

        HttpResponse<String> accepted = upload(stack.url("ingest-service") + "/api/imports", "users.csv", csv);

        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = json.readTree(accepted.body()).get("id").asString();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(get(stack.url("ingest-service") + "/api/imports/" + id).get("status").asString())
                        .isEqualTo("COMPLETED"));
        JsonNode job = get(stack.url("ingest-service") + "/api/imports/" + id);
        assertThat(List.of(job.get("totalRows").asInt(), job.get("processedRows").asInt(), job.get("created").asInt(),
                job.get("failed").asInt())).containsExactly(5, 5, 3, 2);

        JsonNode ann = get(worker + "/api/users/ann" + s);
        assertThat(ann.get("status").asString()).isEqualTo("PENDING_ACTIVATION");
        assertThat(ann.get("fullName").asString()).isEqualTo("Ann Lee");
        assertThat(ann.get("groups").get(0).asString()).isEqualTo("Engineering " + s);
        assertThat(get(worker + "/api/users/cy" + s).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(get(worker + "/api/users/admin").get("email").asString()).isEqualTo("admin@localhost");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(recipients(s))
                .containsExactlyInAnyOrder("ann" + s + "@example.com", "bob" + s + "@example.com"));
        assertThat(mailTo("ann" + s + "@example.com")).contains("Your login id is: ann" + s, "/set-password?token=");

        JsonNode failures = get(stack.url("notification-service") + "/api/failures?importId=" + id);
        assertThat(failures.valueStream().map(f -> f.get("rowNumber").asInt() + ": " + f.get("reason").asString()))
                .containsExactly("4: User already exists", "5: Duplicate login id in file (first in row 2)");
        JsonNode failedRows = get(stack.url("ingest-service") + "/api/imports/" + id + "/rows?outcome=FAILED");
        assertThat(failedRows.valueStream().map(r -> r.get("reason").asString()))
                .containsExactly("User already exists", "Duplicate login id in file (first in row 2)");
        JsonNode notifications = get(stack.url("notification-service") + "/api/notifications?importId=" + id);
        assertThat(notifications.valueStream().map(n -> n.get("status").asString())).containsExactly("SENT", "SENT");

        java.util.regex.Matcher link = java.util.regex.Pattern.compile("(http://\\S+/set-password)\\?token=(\\S+)")
                .matcher(mailTo("ann" + s + "@example.com"));
        assertThat(link.find()).isTrue();
        HttpResponse<String> set = post(link.group(1), "application/x-www-form-urlencoded",
                "token=" + link.group(2) + "&password=correct+horse+battery&confirmation=correct+horse+battery");
        assertThat(set.body()).contains("Your password is set");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get(worker + "/api/users/ann" + s).get("status").asString()).isEqualTo("ACTIVE"));
    }

    @Test
    void everyServiceDocumentsItsApiAndExposesTheMetricsTheDashboardShows() throws Exception {
        assertThat(text(stack.url("ingest-service") + "/v3/api-docs")).contains("/api/imports/{id}/rows");
        assertThat(text(stack.url("import-worker") + "/v3/api-docs")).contains("/api/users/{loginId}", "/api/groups");
        assertThat(text(stack.url("notification-service") + "/v3/api-docs")).contains("/api/notifications");
        String dashboard = java.nio.file.Files.readString(
                Path.of("..", "deploy", "grafana", "dashboards", "user-import.json"));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            String metrics = text(stack.url("ingest-service") + "/actuator/prometheus")
                    + text(stack.url("import-worker") + "/actuator/prometheus")
                    + text(stack.url("notification-service") + "/actuator/prometheus");
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b(userimport_\\w+|kafka_consumer_fetch_manager_records_lag_max)\\b")
                    .matcher(dashboard);
            int checked = 0;
            while (names.find()) {
                assertThat(metrics).as("metric %s that the dashboard queries", names.group(1)).contains(names.group(1));
                checked++;
            }
            assertThat(checked).isGreaterThan(5);
        });
    }

    private static String text(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }

    private static List<String> recipients(String suffix) {
        return stack.inbox().messages().stream().map(PipelineEndToEndTests::to).filter(to -> to.contains(suffix)).toList();
    }

    private static String mailTo(String address) {
        return stack.inbox().messages().stream().filter(m -> to(m).equals(address)).map(MailInbox::text)
                .findFirst().orElseThrow();
    }

    private static String to(MimeMessage message) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString)
                    .findFirst().orElse("");
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static HttpResponse<String> post(String url, String contentType, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> upload(String url, String fileName, String csv)
            throws IOException, InterruptedException {
        String boundary = "----e2e" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
        return http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
