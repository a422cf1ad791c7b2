package io.userimport.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A corpus of malformed files (under {@code malformed/}, each with its expected answer in
 * {@code malformed/expected.tsv}) and a few too large to keep there, uploaded to the running
 * pipeline: each ends in a 400 problem, a row failure with its reason, or a job failure with its
 * message, never a stuck job or a 500; and a good import still completes after them all.
 */
class MalformedFilesIT extends EndToEndTest {

    private static final JsonMapper json = AdminApi.JSON;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    static Stream<Arguments> corpus() throws IOException {
        try (InputStream in = MalformedFilesIT.class.getResourceAsStream("/malformed/expected.tsv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
            return lines.stream().map(line -> line.split("\t", -1))
                    .map(cells -> Arguments.of(cells[0], cells[1], cells[2]));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("corpus")
    void eachMalformedFileEndsInItsExpectedAnswer(String file, String answer, String detail) throws IOException {
        byte[] content;
        try (InputStream in = MalformedFilesIT.class.getResourceAsStream("/malformed/" + file)) {
            content = in.readAllBytes();
        }
        expect(upload(file, content), answer, detail);
    }

    @Test
    void aRowTooLargeForItsEventFailsAloneAndTheRestIsImported() {
        String csv = "login_id,email,auth_type\nhuge,huge@example.com," + "X".repeat(1_100_000)
                + "\nafter-huge,after-huge@example.com,NATIVE\n";

        JsonNode job = expect(upload("huge-cell.csv", csv.getBytes(StandardCharsets.UTF_8)), "row 1 FAILED",
                "Row holds 1,100,020 characters; a row may hold at most 65,536");

        assertThat(job.get("created").asInt()).isEqualTo(1);
    }

    @Test
    void aRowLongerThanAnyRowMayBeFailsItsFileNamingTheRow() {
        String csv = "login_id,email,notes\nfine,fine@example.com,ok\nlong,long@example.com,\"" + "y".repeat(4_100_000)
                + "\"\n";

        expect(upload("endless.csv", csv.getBytes(StandardCharsets.UTF_8)), "job FAILED",
                "Row 2 (line 3) cannot be read: the row is longer than 4,000,000 characters");
    }

    @Test
    void aFileNameTooLongIsRefusedAndAGoodImportStillCompletesAfterTheCorpus() {
        ResponseEntity<String> refused = upload("n".repeat(300) + ".csv", "login_id\nx\n".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(json.readTree(refused.getBody()).get("title").asString()).isEqualTo("File name refused");

        JsonNode job = expect(upload("good.csv", "login_id,email,first_name\ngood-after,good-after@example.com,Good\n"
                .getBytes(StandardCharsets.UTF_8)), "completed 1", "");
        assertThat(job.get("failed").asInt()).isZero();
    }

    /** Checks one upload's answer: {@code problem <status>}, {@code row <n> FAILED}, {@code job FAILED} or {@code completed <created>}. */
    private static JsonNode expect(ResponseEntity<String> response, String answer, String detail) {
        String[] words = answer.split(" ");
        JsonNode body = json.readTree(response.getBody());
        if (words[0].equals("problem")) {
            assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(Integer.parseInt(words[1]));
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(body.get("title").asString() + ": " + body.get("detail").asString()).contains(detail);
            return body;
        }
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        String id = body.get("id").asString();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(job(id).get("status").asString())
                .isIn("COMPLETED", "FAILED"));
        JsonNode job = job(id);
        switch (words[0]) {
            case "row" -> {
                assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("COMPLETED");
                JsonNode failed = json.readTree(api.rest().get().uri(stack.url("ingest-service") + "/api/imports/" + id
                        + "/rows?outcome=FAILED").retrieve().body(String.class));
                assertThat(failed.valueStream().filter(row -> row.get("rowNumber").asInt() == Integer.parseInt(words[1]))
                        .map(row -> row.get("reason").asString())).singleElement().asString().contains(detail);
                assertThat(job.get("failed").asInt()).isEqualTo((int) failed.valueStream().count());
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(json.readTree(api.rest().get()
                        .uri(stack.url("notification-service") + "/api/failures?importId=" + id).retrieve()
                        .body(String.class)).valueStream().map(f -> f.get("rowNumber").asInt()))
                        .as("the notification service records the failure too").contains(Integer.parseInt(words[1])));
            }
            case "job" -> {
                assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FAILED");
                assertThat(job.get("error").asString()).contains(detail);
            }
            case "completed" -> {
                assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("COMPLETED");
                assertThat(job.get("created").asInt()).isEqualTo(Integer.parseInt(words[1]));
                assertThat(job.get("failed").asInt()).isZero();
            }
            default -> throw new IllegalArgumentException("Unknown answer " + answer);
        }
        assertThat(job.get("processedRows").asInt()).isEqualTo(job.get("status").asString().equals("FAILED")
                ? job.get("processedRows").asInt() : job.get("totalRows").asInt());
        return job;
    }

    private static JsonNode job(String id) {
        return api.job(id);
    }

    private static ResponseEntity<String> upload(String fileName, byte[] content) {
        return api.upload(fileName, content, Map.of("mode", "UPSERT"));
    }
}
