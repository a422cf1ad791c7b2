package io.userimport.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.userimport.infra.RealInfrastructureInitializer;
import io.userimport.security.TestAccounts;
import io.userimport.infra.TestInfrastructure;
import io.userimport.infra.TopicReader;
import io.userimport.model.AuthType;
import io.userimport.model.ImportMode;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.ImportFinished;
import io.userimport.model.Topics;
import io.userimport.model.UserStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Review, start, cancel, retry, dry run and failures.csv on a real broker and database. The
 * worker's part is played by result events sent to the results topic, as the worker sends them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"app.ingest.password-hash-strength=4", "app.security.directory-url=http://localhost:1",
                "app.ingest.worker-group=" + ImportLifecycleIntegrationTests.WORKER_GROUP})
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
@Import(TestAccounts.InPlaceOfTheDirectory.class)
class ImportLifecycleIntegrationTests {

    private static final Duration TIMEOUT = ImportsApi.TIMEOUT;
    /** Plays the worker's consumer group on the row topic, whose backlog the stall watch reads. */
    static final String WORKER_GROUP = "lifecycle-test-worker";

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KafkaTemplate<String, Object> kafka;
    @Autowired
    ImportResumer resumer;
    @Autowired
    ImportProcessor processor;
    @Autowired
    StallWatch stallWatch;
    @Autowired
    ImportJobs jobs;

    ImportsApi api;
    RestClient http;
    String s;

    @BeforeEach
    void setUp() {
        api = new ImportsApi(port, json);
        http = api.http();
        s = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void holdsAReviewedJobWithEveryFindingUntilStartedThenSkipsTheFlaggedRows() {
        UUID id = upload("login_id,email,password,groups\n"
                + "ok" + s + ",ok" + s + "@example.com,,Sales\n"
                + "bad" + s + ",not-an-email," + "é".repeat(37) + ",\n"
                + "OK" + s + ",other" + s + "@example.com,,\n", "review", "true", "skipInvalidRows", "false");

        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("AWAITING_REVIEW"));
        JsonNode job = job(id);
        assertThat(List.of(job.get("totalRows").asInt(), job.get("invalidRows").asInt(), job.get("publishedRows").asInt()))
                .containsExactly(3, 2, 0);
        assertThat(get("/api/imports/{id}/findings", id)).extracting(f -> f.get("rowNumber").asInt() + " "
                        + f.get("column").asString() + " " + f.get("problem").asString() + " "
                        + (f.get("value").isNull() ? "(not shown)" : f.get("value").asString()))
                .containsExactly("2 email Invalid email 'not-an-email' not-an-email",
                        "2 password Password is longer than 72 bytes (not shown)",
                        "3 login_id Duplicate login id in file (first in row 1) OK" + s);

        assertThat(post("/api/imports/{id}/start", id).getStatusCode().value()).isEqualTo(200);

        List<RowSubmitted> submitted = submitted(id, 1);
        assertThat(submitted).extracting(RowSubmitted::rowNumber).containsExactly(1);
        awaitJob(id, j -> assertThat(j.get("failed").asInt()).isEqualTo(2));
        assertThat(post("/api/imports/{id}/start", id).getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void cancellingAJobHeldForReviewDiscardsItAndPublishesNothing() {
        UUID id = upload("login_id,email\na" + s + ",a" + s + "@example.com\nb" + s + ",bad\n", "review", "true");
        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("AWAITING_REVIEW"));

        ResponseEntity<String> cancelled = post("/api/imports/{id}/cancel", id);

        assertThat(cancelled.getStatusCode().value()).isEqualTo(200);
        JsonNode job = job(id);
        assertThat(job.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(List.of(job.get("cancelled").asInt(), job.get("failed").asInt(), job.get("processedRows").asInt()))
                .containsExactly(1, 1, 2);
        assertThat(job.get("cancelledBy").asString()).isEqualTo(TestAccounts.ADMIN);
        assertThat(post("/api/imports/{id}/cancel", id).getStatusCode().value()).isEqualTo(409);
        assertThat(jdbc.sql("select published_rows from import_job where id = :id").param("id", id)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void cancellingARunningJobTellsTheWorkerAndEndsTheRowsNotAppliedCancelled() {
        UUID id = upload("login_id,email\nc1" + s + ",c1" + s + "@example.com\nc2" + s + ",c2" + s
                + "@example.com\nc3" + s + ",c3" + s + "@example.com\n");
        List<RowSubmitted> rows = submitted(id, 3);
        // as if publishing had stopped after row 1 when the cancellation came
        jdbc.sql("update import_job set published_rows = 1 where id = :id").param("id", id).update();

        assertThat(post("/api/imports/{id}/cancel", id).getStatusCode().value()).isEqualTo(200);
        try (TopicReader imports = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(), Topics.IMPORTS)) {
            assertThat(imports.readUntil(id.toString(), found -> !found.isEmpty(), TIMEOUT).get(0).value())
                    .contains("\"type\":\"ImportCancelled\"");
        }
        resumer.resumeUnfinished();
        awaitJob(id, job -> assertThat(job.get("cancelled").asInt()).isEqualTo(2));
        assertThat(job(id).get("status").asString()).isEqualTo("CANCELLING");

        sendResult(result(rows.get(0), RowOutcome.CREATED, null));

        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("CANCELLED"));
        assertThat(List.of(job(id).get("created").asInt(), job(id).get("cancelled").asInt())).containsExactly(1, 2);
    }

    @Test
    void retryPutsTheFailedRowsThroughAgainAsANewAttemptAndTheCountsMove() {
        UUID id = upload("login_id,email\nr1" + s + ",r1" + s + "@example.com\nr2" + s + ",r2" + s + "@example.com\n");
        List<RowSubmitted> rows = submitted(id, 2);
        assertThat(post("/api/imports/{id}/retry", id).getStatusCode().value()).isEqualTo(409);
        RowProcessed firstFailure = result(rows.get(0), RowOutcome.FAILED, "Unknown group: Later");
        sendResult(firstFailure);
        sendResult(result(rows.get(1), RowOutcome.CREATED, null));
        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("COMPLETED"));

        ResponseEntity<String> retried = post("/api/imports/{id}/retry", id);

        assertThat(retried.getStatusCode().value()).isEqualTo(200);
        JsonNode job = json.readTree(retried.getBody());
        assertThat(List.of(job.get("attempt").asInt(), job.get("failed").asInt(), job.get("processedRows").asInt()))
                .containsExactly(2, 0, 1);
        List<RowSubmitted> all = submitted(id, 3);
        assertThat(all).filteredOn(row -> row.attempt() == 2).extracting(RowSubmitted::rowNumber).containsExactly(1);
        sendResult(firstFailure); // a late redelivery of the first attempt's outcome counts for nothing
        sendResult(result(all.stream().filter(row -> row.attempt() == 2).findFirst().orElseThrow(),
                RowOutcome.CREATED, null));

        awaitJob(id, j -> assertThat(j.get("status").asString()).isEqualTo("COMPLETED"));
        assertThat(List.of(job(id).get("created").asInt(), job(id).get("failed").asInt())).containsExactly(2, 0);
        assertThat(get("/api/imports/{id}/rows", id)).extracting(r -> r.get("attempt").asInt() + " "
                + r.get("outcome").asString()).containsExactly("2 CREATED", "1 CREATED");
    }

    @Test
    void carriesTheModeAndDryRunOnEveryRowAndRefusesToRetryADryRun() {
        UUID id = upload("email,first_name\ndry" + s + "@example.com,Dee\n", "mode", "UPSERT", "dryRun", "true");

        RowSubmitted row = submitted(id, 1).get(0);

        assertThat(row.mode()).isEqualTo(ImportMode.UPSERT);
        assertThat(row.dryRun()).isTrue();
        assertThat(row.identifiedByEmail()).isTrue();
        assertThat(job(id).get("dryRun").asBoolean()).isTrue();
        sendResult(result(row, RowOutcome.FAILED, "Email already in use"));
        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("COMPLETED"));
        assertThat(post("/api/imports/{id}/retry", id).getBody()).contains("A dry run changes nothing");
    }

    @Test
    void offersTheFailedRowsAsCsvWithTheirColumnsAndErrorButNoPasswordAndNoFormula() throws Exception {
        UUID id = upload("login_id,email,password,first_name,notes\n"
                + "f1" + s + ",f1" + s + "@example.com,Secret-" + s + ",=HYPERLINK(\"x\"),keep\n"
                + "f2" + s + ",broken,,Bo,\"a, b\"\n");
        RowSubmitted valid = submitted(id, 1).get(0);
        sendResult(result(valid, RowOutcome.FAILED, "User already exists"));
        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("COMPLETED"));

        ResponseEntity<String> csv = http.get().uri("/api/imports/{id}/failures.csv", id).retrieve()
                .toEntity(String.class);

        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(csv.getBody()).doesNotContain("Secret-" + s);
        List<CSVRecord> records = CSVFormat.RFC4180.parse(new java.io.StringReader(csv.getBody())).getRecords();
        assertThat(records.get(0).toList()).containsExactly("login_id", "email", "password", "first_name", "notes",
                "error");
        assertThat(records.get(1).toList()).containsExactly("f1" + s, "f1" + s + "@example.com", "",
                "'=HYPERLINK(\"x\")", "keep", "User already exists");
        assertThat(records.get(2).toList()).containsExactly("f2" + s, "broken", "", "Bo", "a, b",
                "Invalid email 'broken'");
    }

    @Test
    void pagesThroughRowsAfterAGivenRow() {
        StringBuilder csv = new StringBuilder("login_id,email\n");
        for (int i = 1; i <= 5; i++) {
            csv.append("p").append(i).append(s).append(",bad\n");
        }
        UUID id = upload(csv.toString());
        awaitJob(id, job -> assertThat(job.get("failed").asInt()).isEqualTo(5));

        assertThat(get("/api/imports/{id}/rows?outcome=FAILED&afterRow=3&size=10", id))
                .extracting(r -> r.get("rowNumber").asInt()).containsExactly(4, 5);
        assertThat(get("/api/imports/{id}/rows?outcome=FAILED&page=1&size=2", id))
                .extracting(r -> r.get("rowNumber").asInt()).containsExactly(3, 4);
    }

    @Test
    void saysItIsWaitingWhenTheDirectoryCannotLookUpTheMirrorUser() {
        UUID id = upload("login_id,email\nm" + s + ",m" + s + "@example.com\n", "mirrorUser", "someone");

        awaitJob(id, job -> assertThat(job.get("error").asString())
                .isEqualTo("Waiting for the user directory to look up mirror user 'someone'; retrying."));
        // nothing is applied until the mirror user's memberships are known
        assertThat(job(id).get("status").asString()).isEqualTo("VALIDATING");
        assertThat(job(id).get("publishedRows").asInt()).isZero();
    }

    @Test
    void aFinishedJobIsAnnouncedOncePerAttemptWithWhatTheReportNeeds() {
        UUID id = upload("login_id,email\nx" + s + ",not-an-email\ny" + s + ",also-bad\n", "skipInvalidRows", "false");
        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("FAILED"));

        try (TopicReader reader = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(), Topics.IMPORTS)) {
            List<ImportFinished> announced = reader.readUntil(id.toString(), records -> !records.isEmpty(), TIMEOUT)
                    .stream().map(record -> json.readValue(record.value(), ImportFinished.class)).toList();
            assertThat(announced).hasSize(1);
            ImportFinished finished = announced.get(0);
            assertThat(finished.status()).isEqualTo("FAILED");
            assertThat(finished.submittedBy()).isEqualTo(TestAccounts.ADMIN);
            assertThat(finished.reportTo()).isEqualTo("admin@example.com");
            assertThat(finished.counts().total()).isEqualTo(2);
            assertThat(finished.error()).contains("skipInvalidRows is false");
            assertThat(finished.firstFailures()).extracting(ImportFinished.Failure::rowNumber).containsExactly(1, 2);
        }
        assertThat(jdbc.sql("select reported_attempt from import_job where id = :id").param("id", id)
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aJobWhoseOutcomesStopSaysWhyAndSendsAgainTheRowsTheWorkerReadWithoutAnOutcome() {
        UUID id = upload("login_id,email\nq1" + s + ",q1" + s + "@example.com\nq2" + s + ",q2" + s + "@example.com\n");
        List<RowSubmitted> rows = submitted(id, 2);
        sendResult(result(rows.get(0), RowOutcome.CREATED, null));
        awaitJob(id, job -> assertThat(job.get("processedRows").asInt()).isEqualTo(1));
        quietFor(id, Duration.ofHours(1));

        // the worker has not read the rows: it is busy or stopped, and sending them again would not help
        lookAfter(id);
        assertThat(job(id).get("error").asString()).startsWith("Waiting for the import worker: ")
                .contains("row events are queued for it", "Is the import worker running?");

        consumeEveryRowAs(WORKER_GROUP);
        quietFor(id, Duration.ofHours(1));
        lookAfter(id);

        assertThat(job(id).get("error").asString()).isEqualTo("1 row had no outcome 60 min after the import worker "
                + "read them: sent again (1 of 3), and the worker reports what it did with them");
        assertThat(submitted(id, 3)).extracting(RowSubmitted::rowNumber).containsExactly(1, 2, 2);
        sendResult(result(rows.get(1), RowOutcome.CREATED, null));
        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("COMPLETED"));
        assertThat(job(id).get("error").isNull()).as("the waiting is over").isTrue();
    }

    @Test
    void aJobThatKeepsHittingAnUnexpectedErrorFailsWithItsMessageAfterThreeTries() {
        UUID id = upload("login_id,email\nx1" + s + ",x1" + s + "@example.com\n", "review", "true");
        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("AWAITING_REVIEW"));
        // a staged row the service cannot read back, whatever it tries
        jdbc.sql("update import_row set user_fields = jsonb_set(user_fields::jsonb, '{authType}', '\"KERBEROS\"')::text "
                + "where import_id = :id").param("id", id).update();
        post("/api/imports/{id}/start", id);

        awaitJob(id, job -> assertThat(job.get("error").asString()).startsWith("Interrupted by an unexpected error")
                .endsWith("trying again (1 of 3)"));
        processor.process(id);
        processor.process(id);

        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("FAILED"));
        assertThat(job(id).get("error").asString()).startsWith("The import stopped on an unexpected error 3 times in "
                + "a row, the last: ").contains("KERBEROS");
    }

    @Test
    void aResultThatWasDeadLetteredCountsOnceItsDeadLetterIsReplayed() {
        UUID id = upload("login_id,email\nd1" + s + ",d1" + s + "@example.com\n");
        RowSubmitted row = submitted(id, 1).get(0);
        // as the error handler leaves a result it could not record: on the dead letter topic, not counted
        kafka.send(Topics.RESULTS_DEAD_LETTER, Topics.userKey(row.user().loginId()),
                result(row, RowOutcome.CREATED, null)).join();
        JsonNode pending = json.readTree(http.get().uri("/api/dead-letters").retrieve().body(String.class));
        assertThat(pending.get("pending").get(Topics.RESULTS_DEAD_LETTER).asLong()).isPositive();

        JsonNode replayed = json.readTree(http.post().uri("/api/dead-letters/replay").retrieve().body(String.class));

        assertThat(replayed.get("replayed").get(Topics.RESULTS_DEAD_LETTER).asInt()).isPositive();
        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("COMPLETED"));
        assertThat(job(id).get("created").asInt()).isEqualTo(1);
        assertThat(json.readTree(http.get().uri("/api/dead-letters").retrieve().body(String.class)).get("pending")
                .get(Topics.RESULTS_DEAD_LETTER).asLong()).as("replayed once only").isZero();
    }

    private void quietFor(UUID id, Duration quiet) {
        jdbc.sql("update import_job set last_progress_at = now() - make_interval(secs => :s) where id = :id")
                .param("id", id).param("s", quiet.toSeconds()).update();
    }

    private void lookAfter(UUID id) {
        jobs.stalled(Duration.ofMinutes(2)).stream().filter(job -> job.id().equals(id)).forEach(stallWatch::lookAfter);
    }

    /** Reads the row topic to its end as the given group and commits: a worker that read every row. */
    private static void consumeEveryRowAs(String group) {
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(java.util.Map.of(
                             "bootstrap.servers", TestInfrastructure.get().kafkaBootstrapServers(),
                             "group.id", group, "auto.offset.reset", "earliest", "enable.auto.commit", "false",
                             "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class,
                             "value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class))) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(Topics.ROWS).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(Topics.ROWS, p.partition())).toList();
            consumer.assign(partitions);
            java.util.Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.seekToBeginning(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200));
            }
            java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>
                    done = new java.util.HashMap<>();
            ends.forEach((p, end) -> done.put(p, new org.apache.kafka.clients.consumer.OffsetAndMetadata(end)));
            consumer.commitSync(done);
        }
    }

    private UUID upload(String csv, String... fields) {
        ResponseEntity<String> response = api.upload(csv, "lifecycle.csv", fields);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
        return UUID.fromString(json.readTree(response.getBody()).get("id").asString());
    }

    private ResponseEntity<String> post(String uri, UUID id) {
        return http.post().uri(uri, id).retrieve().toEntity(String.class);
    }

    private List<JsonNode> get(String uri, UUID id) {
        return json.readTree(http.get().uri(uri, id).retrieve().body(String.class)).valueStream().toList();
    }

    private JsonNode job(UUID id) {
        return api.job(id);
    }

    private void awaitJob(UUID id, Consumer<JsonNode> assertion) {
        api.awaitJob(id, assertion);
    }

    private List<RowSubmitted> submitted(UUID id, int count) {
        try (TopicReader reader = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(), Topics.ROWS)) {
            return reader.readUntil(id.toString(), records -> records.size() >= count, TIMEOUT).stream()
                    .map(record -> json.readValue(record.value(), RowSubmitted.class))
                    .sorted(Comparator.comparingInt(RowSubmitted::attempt).thenComparingInt(RowSubmitted::rowNumber))
                    .toList();
        }
    }

    private void sendResult(RowProcessed event) {
        kafka.send(Topics.RESULTS, Topics.userKey(event.loginId()), event).join();
    }

    private static RowProcessed result(RowSubmitted row, RowOutcome outcome, String reason) {
        return new RowProcessed(RowProcessed.SCHEMA_VERSION, row.importId(), row.rowNumber(), row.attempt(),
                row.user().loginId(), row.user().email(), null, null, outcome, reason, List.of(), List.of(),
                outcome == RowOutcome.FAILED ? null : AuthType.NATIVE,
                outcome == RowOutcome.FAILED ? null : UserStatus.PENDING_ACTIVATION, false, row.dryRun(), Instant.now());
    }
}
