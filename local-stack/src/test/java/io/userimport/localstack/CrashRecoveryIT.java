package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of each service in turn during a large import with welcome emails: the job still
 * completes with exact counts, every user exists once, and every user gets a welcome email,
 * with at most one duplicate for each crash of the service sending them.
 */
class CrashRecoveryIT extends EndToEndTest {

    private static final int ROWS = 6_000;

    @Test
    void anImportSurvivesKill9OfEveryServiceWithExactCountsOneUserEachAndEveryWelcomeEmail() {
        String prefix = "crash" + UUID.randomUUID().toString().substring(0, 6) + "-";
        StringBuilder csv = new StringBuilder("login_id,email,first_name,last_name\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(prefix).append(i).append(',').append(prefix).append(i).append("@example.com,Crash,Test\n");
        }
        csv.append(prefix).append("1,").append(prefix).append("dup@example.com,Dup,Licate\n"); // one row that fails

        String id = api.start("crash.csv", csv.toString());
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
        ResponseEntity<String> users = api.rest().get().uri(stack.url("import-worker") + "/api/users?search=" + prefix
                + "&size=1").retrieve().toEntity(String.class);
        assertThat(users.getHeaders().getFirst("X-Total-Count")).isEqualTo(String.valueOf(ROWS));

        await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> assertThat(welcomeEmails(prefix).keySet())
                .hasSize(ROWS));
        Map<String, Long> perRecipient = welcomeEmails(prefix);
        long duplicates = perRecipient.values().stream().mapToLong(count -> count - 1).sum();
        // the notification service was killed once; its one sender thread marks each email sent once the server took it
        assertThat(duplicates).as("emails sent twice because a crash interrupted their sending").isLessThanOrEqualTo(1);
        ResponseEntity<String> notifications = api.rest().get().uri(stack.url("notification-service")
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
        String id = api.start("crash.csv", csv.toString());
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
        return stack.inbox().mails().stream().filter(mail -> mail.subject().startsWith("Welcome"))
                .map(mail -> mail.to().get(0).toString()).filter(to -> to.startsWith(prefix))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static JsonNode job(String id) {
        return api.job(id);
    }
}
