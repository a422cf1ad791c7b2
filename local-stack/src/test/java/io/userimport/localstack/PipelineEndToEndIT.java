package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole pipeline as a newcomer runs it: the three services as processes from their jars,
 * a real Kafka broker, a real PostgreSQL and a real SMTP server, driven over HTTP only.
 */
class PipelineEndToEndIT extends EndToEndTest {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static RestClient rest;

    @BeforeAll
    static void signIn() {
        rest = api.rest();
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

        ResponseEntity<String> accepted = upload("users.csv", csv, Map.of());

        assertThat(accepted.getStatusCode().value()).isEqualTo(202);
        String id = json.readTree(accepted.getBody()).get("id").asString();
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
        assertThat(notifications.valueStream().filter(n -> n.get("kind").asString().equals("WELCOME_EMAIL"))
                .map(n -> n.get("status").asString())).containsExactly("SENT", "SENT");
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.inbox().mails().stream()
                .anyMatch(m -> m.subject().equals("Import of \"users.csv\" completed: 2 of 5 rows failed")));
        String report = stack.inbox().mails().stream()
                .filter(m -> m.subject().equals("Import of \"users.csv\" completed: 2 of 5 rows failed"))
                .map(m -> MailInbox.text(stack.inbox().read(m))).filter(text -> text.contains(id)).findFirst()
                .orElseThrow();
        assertThat(report).contains("Created:          3", "Row 4 (admin): User already exists",
                stack.url("ingest-service") + "/api/imports/" + id + "/failures.csv");

        java.util.regex.Matcher link = java.util.regex.Pattern.compile("(http://\\S+/set-password)\\?token=(\\S+)")
                .matcher(mailTo("ann" + s + "@example.com"));
        assertThat(link.find()).isTrue();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String form = browser.send(HttpRequest.newBuilder(URI.create(link.group(0))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"")
                .matcher(form);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> set = browser.send(HttpRequest.newBuilder(URI.create(link.group(1)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1) + "&token=" + link.group(2)
                        + "&password=correct+horse+battery&confirmation=correct+horse+battery")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(set.body()).contains("Your password is set");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get(worker + "/api/users/ann" + s).get("status").asString()).isEqualTo("ACTIVE"));
    }

    @Test
    void mirrorsAReferenceUserUpsertsDryRunsAndRetriesAFailedRowOnceItsGroupExists() throws Exception {
        String s = UUID.randomUUID().toString().substring(0, 6);
        String worker = stack.url("import-worker");
        String imports = stack.url("ingest-service") + "/api/imports";
        for (String group : List.of("Eng", "Ops")) {
            assertThat(post(worker + "/api/groups", "application/json", "{\"name\":\"" + group + s + "\"}")
                    .statusCode()).isEqualTo(201);
        }
        post(worker + "/api/business-units", "application/json", "{\"name\":\"Paris" + s + "\"}");
        complete(imports, """
                login_id,email,first_name,last_name,groups,business_units
                ref%1$s,ref%1$s@example.com,Rita,Ref,Eng%1$s;Ops%1$s,Paris%1$s
                upd%1$s,upd%1$s@example.com,Ursula,Old,Eng%1$s,
                """.formatted(s), Map.of());

        // mirror user: created users inherit the reference user's memberships unless the row names its own
        complete(imports, "email,first_name,groups\nm1%1$s@example.com,Mo,\nm2%1$s@example.com,Max,Ops%1$s\n"
                .formatted(s), Map.of("mirrorUser", "REF" + s + "@example.com"));
        assertThat(List.of(get(worker + "/api/users/m1" + s + "@example.com"))).singleElement().satisfies(user -> {
            assertThat(user.get("groups").valueStream().map(JsonNode::asString)).containsExactly("Eng" + s, "Ops" + s);
            assertThat(user.get("businessUnits").get(0).asString()).isEqualTo("Paris" + s);
        });
        assertThat(get(worker + "/api/users/m2" + s + "@example.com").get("groups").valueStream()
                .map(JsonNode::asString)).containsExactly("Ops" + s);
        String ghost = json.readTree(upload("ghost.csv", "email\ng%s@example.com\n".formatted(s),
                Map.of("mirrorUser", "ghost" + s)).getBody()).get("id").asString();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(List.of(get(imports + "/" + ghost))).singleElement().satisfies(job -> {
                    assertThat(job.get("status").asString()).isEqualTo("FAILED");
                    assertThat(job.get("error").asString()).startsWith("Mirror user 'ghost" + s + "' does not exist");
                }));

        String upsert = """
                login_id,email,last_name,groups
                upd%1$s,,New,
                late%1$s,late%1$s@example.com,Late,Later%1$s
                """.formatted(s);
        // dry run: what each row would do, from what to what; nothing changes
        JsonNode dry = complete(imports, upsert, Map.of("mode", "UPSERT", "dryRun", "true"));
        assertThat(List.of(dry.get("updated").asInt(), dry.get("failed").asInt())).containsExactly(1, 1);
        JsonNode wouldUpdate = get(imports + "/" + dry.get("id").asString() + "/rows").get(0);
        assertThat(wouldUpdate.get("outcome").asString()).isEqualTo("UPDATED");
        assertThat(wouldUpdate.get("changes").get(0).toString())
                .isEqualTo("{\"property\":\"lastName\",\"from\":\"Old\",\"to\":\"New\"}");
        assertThat(get(worker + "/api/users/upd" + s).get("lastName").asString()).isEqualTo("Old");

        // the real run: one row updates, one fails for a group that does not exist yet
        JsonNode real = complete(imports, upsert, Map.of("mode", "UPSERT"));
        String id = real.get("id").asString();
        assertThat(List.of(real.get("updated").asInt(), real.get("failed").asInt())).containsExactly(1, 1);
        assertThat(List.of(get(worker + "/api/users/upd" + s))).singleElement().satisfies(user -> {
            assertThat(user.get("lastName").asString()).isEqualTo("New");
            assertThat(user.get("groups").get(0).asString()).isEqualTo("Eng" + s);
        });
        assertThat(rest.get().uri(imports + "/" + id + "/failures.csv").retrieve().body(String.class))
                .isEqualTo(("login_id,email,last_name,groups,error\r\n"
                        + "late%1$s,late%1$s@example.com,Late,Later%1$s,Unknown group: Later%1$s\r\n")
                        .formatted(s));

        post(worker + "/api/groups", "application/json", "{\"name\":\"Later" + s + "\"}");
        assertThat(rest.post().uri(imports + "/" + id + "/retry").retrieve().toEntity(String.class)
                .getStatusCode().value()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(List.of(get(imports + "/" + id))).singleElement().satisfies(job -> {
                    assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
                    assertThat(List.of(job.get("created").asInt(), job.get("updated").asInt(),
                            job.get("failed").asInt())).containsExactly(1, 1, 0);
                }));
        assertThat(get(worker + "/api/users/late" + s).get("groups").get(0).asString()).isEqualTo("Later" + s);
    }

    /** Uploads a file and waits until its job is COMPLETED; returns the job. */
    private static JsonNode complete(String imports, String csv, Map<String, String> fields) {
        ResponseEntity<String> accepted = upload("rules.csv", csv, fields);
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        String id = json.readTree(accepted.getBody()).get("id").asString();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(imports + "/" + id).get("status").asString()).isEqualTo("COMPLETED"));
        try {
            return get(imports + "/" + id);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
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

    /** Reads a service's metrics as Prometheus does, with the metrics token. */
    private static String text(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + stack.metricsToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }

    private static List<String> recipients(String suffix) {
        return stack.inbox().mails().stream().map(PipelineEndToEndIT::to).filter(to -> to.contains(suffix)).toList();
    }

    private static String mailTo(String address) {
        return stack.inbox().mails().stream().filter(m -> to(m).equals(address))
                .map(m -> MailInbox.text(stack.inbox().read(m))).findFirst().orElseThrow();
    }

    private static String to(MailInbox.Mail mail) {
        return mail.to().isEmpty() ? "" : mail.to().get(0).toString();
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", admin()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static HttpResponse<String> post(String url, String contentType, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .header("Authorization", admin()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** HTTP Basic as the built-in Administrator. */
    private static String admin() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + stack.adminPassword())
                .getBytes(StandardCharsets.UTF_8));
    }


    private static ResponseEntity<String> upload(String fileName, String csv, Map<String, String> fields) {
        return api.upload(fileName, csv.getBytes(StandardCharsets.UTF_8), fields);
    }
}
