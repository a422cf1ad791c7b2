package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The local run keeps its data between runs: stopped in the middle of an import and started
 * again on the same directory and ports, it still has the finished import, its users and its
 * mails, and the running import goes on to complete with every row applied once. Started with
 * its data forgotten ({@code --fresh}), it is empty.
 */
class KeptDataIT {

    private static final int ROWS = 20_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aRestartContinuesWhereTheLastRunStoppedAndFreshStartsEmpty() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        Path data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "kept-data-");
        LocalStack.Settings settings = LocalStack.Settings.keepingIn(home, data);
        String prefix = "kept" + UUID.randomUUID().toString().substring(0, 6) + "-";

        String finished;
        String running;
        String welcomeId;
        LocalStack first = new LocalStack();
        try {
            first.start(settings);
            assertThat(first.banner(false)).contains("This run started empty");
            AdminApi api = new AdminApi(first);
            finished = api.start("first.csv", "login_id,email\n%1$sann,%1$sann@example.com\n".formatted(prefix));
            await().atMost(Duration.ofMinutes(2)).until(() -> api.job(finished).get("status").asString().equals("COMPLETED"));
            welcomeId = await().atMost(Duration.ofMinutes(1)).until(() -> mailpit(first, "/api/v1/search?query=to:"
                    + prefix + "ann@example.com").path("messages").path(0).path("ID").asString(""), id -> !id.isEmpty());

            StringBuilder csv = new StringBuilder("login_id,email\n");
            for (int i = 1; i <= ROWS; i++) {
                csv.append(prefix).append(i).append(',').append(prefix).append(i).append("@example.com\n");
            }
            running = api.start("running.csv", csv.toString());
            await().atMost(Duration.ofMinutes(2)).until(() -> api.job(running).get("processedRows").asInt() > 0);
            assertThat(api.job(running).get("processedRows").asInt()).as("stopped in the middle").isLessThan(ROWS);
        } finally {
            first.close(); // as Ctrl-C does, in the middle of the running import
        }

        LocalStack second = new LocalStack();
        try {
            second.start(settings);
            assertThat(second.banner(false)).contains("This run continues the last one's: 2 imports");
            AdminApi api = new AdminApi(second);
            assertThat(api.job(finished).get("created").asInt()).isEqualTo(1);
            assertThat(api.rest().get().uri(second.url("import-worker") + "/api/users/" + prefix + "ann").retrieve()
                    .toEntity(String.class).getStatusCode().value()).isEqualTo(200);
            assertThat(mailpit(second, "/api/v1/message/" + welcomeId).path("Text").asString())
                    .contains("Your login id is: " + prefix + "ann", "/set-password?token=");

            await().atMost(Duration.ofMinutes(5)).until(() -> api.job(running).get("status").asString().equals("COMPLETED"));
            JsonNode job = api.job(running);
            assertThat(List.of(job.get("totalRows").asInt(), job.get("processedRows").asInt(), job.get("created").asInt(),
                    job.get("failed").asInt())).containsExactly(ROWS, ROWS, ROWS, 0);
            assertThat(api.rest().get().uri(second.url("import-worker") + "/api/users?search=" + prefix + "&size=1")
                    .retrieve().toEntity(String.class).getHeaders().getFirst("X-Total-Count"))
                    .isEqualTo(String.valueOf(ROWS + 1));
        } finally {
            second.close();
        }

        LocalStack.forget(data);
        LocalStack fresh = new LocalStack();
        try {
            fresh.start(settings);
            assertThat(fresh.banner(true)).contains("This run started empty (--fresh)");
            assertThat(new AdminApi(fresh).rest().get().uri(fresh.url("ingest-service") + "/api/imports/" + finished)
                    .retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(404);
            assertThat(mailpit(fresh, "/api/v1/messages").path("total").asInt()).isZero();
        } finally {
            fresh.close();
        }
    }

    private static JsonNode mailpit(LocalStack stack, String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + stack.inbox().webPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return AdminApi.JSON.readTree(answer.body());
    }
}
