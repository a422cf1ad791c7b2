package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * kill -9 of each service in turn during a large import with welcome emails: the job still
 * completes with exact counts, every user exists once, and every user gets a welcome email,
 * with at most one duplicate for each crash of the service sending them.
 */
class CrashRecoveryIT {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final int ROWS = 6_000;
    private static LocalStack stack;
    private static RestClient rest;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
        rest = RestClient.builder().defaultHeaders(headers -> headers.setBasicAuth("admin", stack.adminPassword()))
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    @Test
    void anImportSurvivesKill9OfEveryServiceWithExactCountsOneUserEachAndEveryWelcomeEmail() {
        String prefix = "crash" + UUID.randomUUID().toString().substring(0, 6) + "-";
        StringBuilder csv = new StringBuilder("login_id,email,first_name,last_name\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(prefix).append(i).append(',').append(prefix).append(i).append("@example.com,Crash,Test\n");
        }
        csv.append(prefix).append("1,").append(prefix).append("dup@example.com,Dup,Licate\n"); // one row that fails

        String id = upload(csv.toString());
        awaitProgress(id, job -> job.get("publishedRows").asInt() > 0 || job.get("processedRows").asInt() > 0);
        stack.killAndRestart("ingest-service");
        awaitProgress(id, job -> job.get("processedRows").asInt() >= ROWS / 4);
        stack.killAndRestart("import-worker");
        await().atMost(Duration.ofMinutes(3)).until(() -> welcomeEmails(prefix).size() >= ROWS / 10);
        stack.killAndRestart("notification-service");
        awaitProgress(id, job -> job.get("processedRows").asInt() >= ROWS / 2);
        stack.killAndRestart("import-worker");

        await().atMost(Duration.ofMinutes(5)).untilAsserted(() ->
                assertThat(job(id).get("status").asString()).isEqualTo("COMPLETED"));
        JsonNode job = job(id);
        assertThat(List.of(job.get("totalRows").asInt(), job.get("processedRows").asInt(), job.get("created").asInt(),
                job.get("failed").asInt())).containsExactly(ROWS + 1, ROWS + 1, ROWS, 1);
        ResponseEntity<String> users = rest.get().uri(stack.url("import-worker") + "/api/users?search=" + prefix
                + "&size=1").retrieve().toEntity(String.class);
        assertThat(users.getHeaders().getFirst("X-Total-Count")).isEqualTo(String.valueOf(ROWS));

        await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> assertThat(welcomeEmails(prefix).keySet())
                .hasSize(ROWS));
        Map<String, Long> perRecipient = welcomeEmails(prefix);
        long duplicates = perRecipient.values().stream().mapToLong(count -> count - 1).sum();
        // the notification service was killed once; its sender sends one batch at a time on one thread
        assertThat(duplicates).as("emails sent twice because a crash interrupted their sending").isLessThanOrEqualTo(
                100);
        ResponseEntity<String> notifications = rest.get().uri(stack.url("notification-service")
                + "/api/notifications?importId=" + id + "&size=1").retrieve().toEntity(String.class);
        assertThat(notifications.getHeaders().getFirst("X-Total-Count")).isEqualTo(String.valueOf(ROWS));
    }

    @Test
    void sigtermStopsEachServiceWithinThirtySecondsInTheMiddleOfAnImportWhichThenCompletes() {
        String prefix = "term" + UUID.randomUUID().toString().substring(0, 6) + "-";
        StringBuilder csv = new StringBuilder("login_id,email\n");
        for (int i = 1; i <= 3_000; i++) {
            csv.append(prefix).append(i).append(',').append(prefix).append(i).append("@example.com\n");
        }
        String id = upload(csv.toString());
        awaitProgress(id, job -> job.get("processedRows").asInt() > 0);

        for (String service : List.of("import-worker", "notification-service", "ingest-service")) {
            assertThat(stack.terminateAndRestart(service)).as(service + " stopped by SIGTERM")
                    .isLessThan(Duration.ofSeconds(30));
        }

        await().atMost(Duration.ofMinutes(3)).untilAsserted(() ->
                assertThat(job(id).get("status").asString()).isEqualTo("COMPLETED"));
        assertThat(job(id).get("created").asInt()).isEqualTo(3_000);
    }

    private static void awaitProgress(String id, java.util.function.Predicate<JsonNode> reached) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> reached.test(job(id)));
    }

    /** Welcome emails in the inbox for users of this test, by recipient: how often each was sent. */
    private static Map<String, Long> welcomeEmails(String prefix) {
        return stack.inbox().messages().stream().filter(message -> subject(message).startsWith("Welcome"))
                .map(CrashRecoveryIT::to).filter(to -> to.startsWith(prefix))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static String to(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
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
                return "crash.csv";
            }
        });
        ResponseEntity<String> accepted = rest.post().uri(stack.url("ingest-service") + "/api/imports")
                .contentType(MediaType.MULTIPART_FORM_DATA).body(form).retrieve().toEntity(String.class);
        assertThat(accepted.getStatusCode().value()).as(accepted.getBody()).isEqualTo(202);
        return json.readTree(accepted.getBody()).get("id").asString();
    }
}
