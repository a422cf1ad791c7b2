package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The database goes away in the middle of an import with welcome emails, for longer than any
 * retry of a single call: every service waits and retries, nothing is dead-lettered or failed
 * for it, and once the database is back the import completes with exact counts and every email.
 */
class DatabaseOutageIT extends EndToEndTest {

    private static final int ROWS = 3_000;
    private static final Duration OUTAGE = Duration.ofSeconds(45);

    @Test
    void anImportWaitsOutADatabaseOutageAndCompletesWithEveryRowAndEmail() throws Exception {
        String prefix = "outage" + UUID.randomUUID().toString().substring(0, 6) + "-";
        StringBuilder csv = new StringBuilder("login_id,email,first_name\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(prefix).append(i).append(',').append(prefix).append(i).append("@example.com,Out\n");
        }
        String id = api.start("outage.csv", csv.toString());
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
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(api.rest().get()
                .uri(stack.url("notification-service") + "/api/notifications?importId=" + id + "&size=1000")
                .retrieve().toEntity(String.class)).satisfies(page ->
                assertThat(page.getHeaders().getFirst("X-Total-Count")).isEqualTo(String.valueOf(ROWS))));
        await().atMost(Duration.ofMinutes(3)).until(() -> stack.inbox().mails().stream()
                .filter(mail -> mail.snippet().contains("Your login id is: " + prefix)).count() >= ROWS);
        assertThat(deadLetters()).as("nothing was dead-lettered for the outage").isEqualTo(before);
    }

    private static JsonNode deadLetters() {
        return api.get(stack.url("ingest-service") + "/api/dead-letters").get("pending");
    }

    private static JsonNode job(String id) {
        return api.job(id);
    }
}
