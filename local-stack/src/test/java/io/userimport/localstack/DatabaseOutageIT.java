package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The database goes away in the middle of an import with welcome emails, for longer than any
 * retry of a single call: every service waits and retries, nothing is dead-lettered or failed
 * for it, and once the database is back the import completes with exact counts and every email.
 */
class DatabaseOutageIT {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final int ROWS = 3_000;
    private static final Duration OUTAGE = Duration.ofSeconds(45);
    private static LocalStack stack;
    private static RestClient rest;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
        rest = RestClient.builder().defaultHeaders(headers -> headers.setBasicAuth("admin", stack.adminPassword()))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    @Test
    void anImportWaitsOutADatabaseOutageAndCompletesWithEveryRowAndEmail() throws Exception {
        String prefix = "outage" + UUID.randomUUID().toString().substring(0, 6) + "-";
        StringBuilder csv = new StringBuilder("login_id,email,first_name\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(prefix).append(i).append(',').append(prefix).append(i).append("@example.com,Out\n");
        }
        String id = upload(csv.toString());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> job(id).get("processedRows").asInt() > 0);
        JsonNode before = deadLetters();

        stack.stopDatabase();
        Thread.sleep(OUTAGE.toMillis());
        stack.startDatabase();

        await().atMost(Duration.ofMinutes(4)).untilAsserted(() ->
                assertThat(job(id).get("status").asString()).isEqualTo("COMPLETED"));
        JsonNode job = job(id);
        assertThat(List.of(job.get("processedRows").asInt(), job.get("created").asInt(), job.get("failed").asInt()))
                .containsExactly(ROWS, ROWS, 0);
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(rest.get()
                .uri(stack.url("notification-service") + "/api/notifications?importId=" + id + "&size=1000")
                .retrieve().toEntity(String.class)).satisfies(page ->
                assertThat(page.getHeaders().getFirst("X-Total-Count")).isEqualTo(String.valueOf(ROWS))));
        await().atMost(Duration.ofMinutes(3)).until(() -> stack.inbox().messages().stream()
                .filter(message -> MailInbox.text(message).contains("Your login id is: " + prefix)).count() >= ROWS);
        assertThat(deadLetters()).as("nothing was dead-lettered for the outage").isEqualTo(before);
    }

    private static JsonNode deadLetters() {
        return json.readTree(rest.get().uri(stack.url("ingest-service") + "/api/dead-letters").retrieve()
                .body(String.class)).get("pending");
    }

    private static JsonNode job(String id) {
        return json.readTree(rest.get().uri(stack.url("ingest-service") + "/api/imports/" + id).retrieve()
                .body(String.class));
    }

    private static String upload(String csv) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "outage.csv";
            }
        });
        ResponseEntity<String> accepted = rest.post().uri(stack.url("ingest-service") + "/api/imports")
                .contentType(MediaType.MULTIPART_FORM_DATA).body(form).retrieve().toEntity(String.class);
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        return json.readTree(accepted.getBody()).get("id").asString();
    }
}
