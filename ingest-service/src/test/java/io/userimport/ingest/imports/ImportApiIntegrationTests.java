package io.userimport.ingest.imports;

import io.userimport.security.TestAccounts;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.userimport.infra.RealInfrastructureInitializer;
import io.userimport.infra.TestInfrastructure;
import io.userimport.infra.TopicReader;
import io.userimport.model.AuthType;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.Topics;
import io.userimport.model.UserStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"app.ingest.password-hash-strength=4", "app.ingest.max-upload-size=1MB",
                "app.ingest.batch-size=4"})
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
@Import(TestAccounts.InPlaceOfTheDirectory.class)
class ImportApiIntegrationTests {

    private static final Duration TIMEOUT = ImportsApi.TIMEOUT;

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RowPathWarmUp warmUp;
    @Autowired
    MeterRegistry meterRegistry;
    @Autowired
    KafkaTemplate<String, Object> kafka;
    @Autowired
    PasswordEncoder passwordEncoder;
    @Autowired
    ImportResumer resumer;
    @Autowired
    Uploads uploads;
    @Autowired
    ImportJobs jobs;

    ImportsApi api;
    RestClient http;

    @BeforeEach
    void setUp() {
        api = new ImportsApi(port, json);
        http = api.http();
    }

    @Test
    void warmsUpByStagingAndCountingSyntheticRowsAndKeepsNoJobRowOrOutcome() throws Exception {
        String counts = "select (select count(*) from import_job) || ' ' || (select count(*) from import_row) || ' ' "
                + "|| (select count(*) from row_outcome)";
        String before = jdbc.sql(counts).query(String.class).single();
        double counted = outcomesCounted();

        assertThat(warmUp.rehearse(60)).as("rows staged in its transaction").isEqualTo(60);

        assertThat(jdbc.sql(counts).query(String.class).single()).isEqualTo(before);
        assertThat(outcomesCounted()).as("no outcome in the metrics").isEqualTo(counted);
        assertThat(jdbc.sql("select count(*) from import_job where submitted_by = 'warm-up'").query(Long.class)
                .single()).as("nor did the warm-up the service ran as it started").isZero();
    }

    /** Every outcome the service's metrics have counted so far. */
    private double outcomesCounted() {
        return meterRegistry.find("userimport.row.outcomes").counters().stream().mapToDouble(counter -> counter.count())
                .sum();
    }

    @Test
    void keepsAnUploadReadableByThisServicesUserOnlyUntilItsRowsAreStaged() throws Exception {
        UUID id = UUID.randomUUID();
        java.nio.file.Path source = java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("upload", ".csv"),
                "login_id,email,password\nu,u@example.com,S3cret-Pass!\n");

        java.nio.file.Path stored = uploads.store(id, source);

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(stored)))
                .isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(stored.getParent()))).isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(uploads.incoming()))).isEqualTo("rwx------");
        uploads.delete(id);
        assertThat(stored).doesNotExist();

        ResponseEntity<String> accepted = api.upload("login_id,email,password\nperm" + id.toString().substring(0, 6)
                + ",p@example.com,S3cret-Pass!\n", "perm.csv");
        UUID uploaded = UUID.fromString(json.readTree(accepted.getBody()).get("id").asString());
        api.awaitJob(uploaded, job -> assertThat(job.get("totalRows").asInt()).isEqualTo(1));
        assertThat(uploads.path(uploaded)).as("an upload is deleted once its rows are staged").doesNotExist();
    }

    @Test
    void offersATemplateWithExactlyTheCanonicalColumns() {
        ResponseEntity<String> template = http.get().uri("/api/imports/template.csv").retrieve().toEntity(String.class);

        assertThat(template.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(template.getBody()).isEqualTo("login_id,email,first_name,last_name,full_name,password,password_hash,"
                + "auth_type,distinguished_name,groups,business_units\r\n");
    }

    @Test
    void servesAPageWithTheStepsOfAnImportAndTheScriptThatDrivesThem() {
        String page = http.get().uri("/").retrieve().body(String.class);
        String script = http.get().uri("/import.js").retrieve().body(String.class);

        assertThat(page).contains(">Upload<", ">Review<", ">Groups<", ">Finish<", ">Results<", "<script src=\"/import.js\">",
                "/api/imports/template.csv");
        assertThat(script).contains("'/api/imports'", "/findings?", "/start", "/api/directory/users?", "/failures.csv",
                "/retry", "/cancel", "textContent").doesNotContain("innerHTML");
    }

    @Test
    void refusesAFileNameTooLongToKeepWithAProblemNotA500() {
        ResponseEntity<String> response = upload("login_id,email\na,a@example.com\n", "n".repeat(296) + ".csv");

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).contains("File name refused", "at most 255 characters", "it has 300");
        assertThat(upload("login_id,email\na,a@example.com\n", "n".repeat(251) + ".csv").getStatusCode().value())
                .isEqualTo(202);
    }

    @Test
    void rejectsAFileWithoutAnIdentityColumnAsAWhole() {
        ResponseEntity<String> response = upload("first_name,last_name\nJohn,Doe\n", "no-identity.csv");

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.get("title").asString()).isEqualTo("No identity column");
        assertThat(problem.get("detail").asString()).contains("neither a login_id nor an email column");
        assertThat(http.get().uri("/api/imports").retrieve().body(String.class)).doesNotContain("no-identity.csv");
    }

    @Test
    void publishesOneEventPerValidRowAndCountsEachOutcomeOnce() {
        String s = suffix();
        String csv = "\uFEFFUser Login Id,User Email,First Name,Last Name,User Password,Shoe size\r\n"
                + "a" + s + ",a" + s + "@example.com,Ann,\"Lee, Jr.\",S3cret-" + s + ",42\r\n"
                + "b" + s + ",b" + s + "@example.com,Bob,Ray,,\"43\nwide\"\r\n"
                + "A" + s + ",other" + s + "@example.com,Ann,Again,,44\r\n"
                + "c" + s + ",not-an-email,Cy,Doe,,45\r\n"
                + "d" + s + ",d" + s + "@example.com,Di,Doe,,46\r\n";

        ResponseEntity<String> response = upload(csv, "users-" + s + ".csv");

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        JsonNode accepted = json.readTree(response.getBody());
        UUID id = UUID.fromString(accepted.get("id").asString());
        assertThat(response.getHeaders().getLocation()).hasToString("/api/imports/" + id);
        assertThat(accepted.get("fileWarnings").get(0).asString()).isEqualTo("Unknown column 'Shoe size' ignored");

        List<RowSubmitted> submitted = read(Topics.ROWS, id, 3).stream()
                .map(record -> {
                    RowSubmitted event = json.readValue(record.value(), RowSubmitted.class);
                    assertThat(record.key()).isEqualTo(event.user().loginId().toLowerCase());
                    return event;
                }).sorted(java.util.Comparator.comparingInt(RowSubmitted::rowNumber)).toList();
        assertThat(submitted).extracting(RowSubmitted::rowNumber).containsExactly(1, 2, 5);
        assertThat(submitted.get(0).user().lastName()).isEqualTo("Lee, Jr.");
        assertThat(jdbc.sql("select original::json->>5 from import_row where import_id = :id and row_number = 2")
                .param("id", id).query(String.class).single()).as("a quoted cell may span lines").isEqualTo("43\nwide");
        assertThat(passwordEncoder.matches("S3cret-" + s, submitted.get(0).user().passwordHash())).isTrue();
        assertThat(read(Topics.ROWS, id, 3).toString()).doesNotContain("S3cret-" + s);
        assertThat(jdbc.sql("select count(*) from import_row where import_id = :id and "
                + "(user_fields::text like :p or original::text like :p)").param("id", id).param("p", "%S3cret-%")
                .query(Integer.class).single()).isZero();

        awaitJob(id, job -> assertThat(job.get("processedRows").asInt()).isEqualTo(2));
        assertThat(rows(id, "FAILED")).extracting(row -> row.get("rowNumber").asInt() + ": " + row.get("reason").asString())
                .containsExactly("3: Duplicate login id in file (first in row 1)", "4: Invalid email 'not-an-email'");
        assertThat(read(Topics.NOTEWORTHY_RESULTS, id, 2)).as("the notification service is told of review failures")
                .extracting(record -> json.readValue(record.value(), RowProcessed.class))
                .extracting(event -> event.rowNumber() + " " + event.outcome())
                .containsExactlyInAnyOrder("3 FAILED", "4 FAILED");

        for (RowSubmitted row : submitted) {
            RowProcessed created = created(row);
            kafka.send(Topics.RESULTS, row.user().loginId(), created);
            kafka.send(Topics.RESULTS, row.user().loginId(), created);
        }

        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("COMPLETED"));
        JsonNode job = json.readTree(http.get().uri("/api/imports/{id}", id).retrieve().body(String.class));
        assertThat(job.get("totalRows").asInt()).isEqualTo(5);
        assertThat(job.get("processedRows").asInt()).isEqualTo(5);
        assertThat(job.get("created").asInt()).isEqualTo(3);
        assertThat(job.get("failed").asInt()).isEqualTo(2);
        assertThat(job.get("invalidRows").asInt()).isEqualTo(2);
        assertThat(job.get("percentComplete").asInt()).isEqualTo(100);
        assertThat(job.get("finishedAt").isNull()).isFalse();
        assertThat(http.get().uri("/api/imports/{id}/rows?outcome=FAILED&size=1", id).retrieve().toEntity(String.class)
                .getHeaders().getFirst("X-Total-Count")).as("failed rows in all, whatever the page").isEqualTo("2");
        assertThat(http.get().uri("/api/imports/{id}/rows?size=1", id).retrieve().toEntity(String.class)
                .getHeaders().getFirst("X-Total-Count")).isEqualTo("5");
    }

    @Test
    void publishesAFileOfManyGrowingBatchesEveryRowOnceAndCountsEachBatchOnceKafkaHasIt() {
        String s = suffix();
        StringBuilder csv = new StringBuilder("login_id,email\n");
        for (int i = 1; i <= 25; i++) {
            csv.append("m").append(i).append(s).append(",m").append(i).append(s).append("@example.com\n");
        }
        // with a batch size of 4, staging goes in batches of 1, 2, 4, 4, 4, 4, 4 and 2 rows, each one
        // published while the next is staged
        UUID id = UUID.fromString(json.readTree(upload(csv.toString(), "batches.csv").getBody()).get("id").asString());

        awaitJob(id, job -> {
            assertThat(job.get("stagedRows").asInt()).isEqualTo(25);
            assertThat(job.get("publishedRows").asInt()).isEqualTo(25);
        });
        assertThat(read(Topics.ROWS, id, 25)).extracting(record -> json.readValue(record.value(), RowSubmitted.class)
                .rowNumber()).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 25)
                .boxed().toList());
    }

    @Test
    void listsJobsNewestFirstPageByPageAndSaysHowManyThereAre() {
        List<String> mine = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(json.readTree(upload("login_id,email\n", "empty-" + suffix() + ".csv").getBody()).get("id").asString());
        }
        ResponseEntity<String> first = http.get().uri("/api/imports?limit=2").retrieve().toEntity(String.class);
        int total = Integer.parseInt(first.getHeaders().getFirst("X-Total-Count"));
        assertThat(total).isGreaterThanOrEqualTo(3);
        assertThat(json.readTree(first.getBody()).size()).isEqualTo(2);

        List<String> all = new java.util.ArrayList<>();
        for (int page = 0; page * 2 < total; page++) {
            json.readTree(http.get().uri("/api/imports?limit=2&page={page}", page).retrieve().body(String.class))
                    .forEach(j -> all.add(j.get("id").asString()));
        }
        assertThat(all).hasSize(total).doesNotHaveDuplicates().containsAll(mine);
        assertThat(all.indexOf(mine.get(2))).as("newest first").isLessThan(all.indexOf(mine.get(1)));
        assertThat(all.indexOf(mine.get(1))).isLessThan(all.indexOf(mine.get(0)));
        assertThat(json.readTree(http.get().uri("/api/imports?limit=2&page={page}", total).retrieve().body(String.class))
                .isEmpty()).as("past the last page").isTrue();
    }

    @Test
    void streamsProgressAsServerSentEventsWithRateAndTimeLeftUntilTheJobFinishes() throws Exception {
        String s = suffix();
        UUID id = UUID.fromString(json.readTree(upload("login_id,email\n" + "e1" + s + ",e1" + s + "@example.com\n"
                + "e2" + s + ",e2" + s + "@example.com\n", "events.csv").getBody()).get("id").asString());
        List<RowSubmitted> submitted = read(Topics.ROWS, id, 2).stream()
                .map(record -> json.readValue(record.value(), RowSubmitted.class))
                .sorted(java.util.Comparator.comparingInt(RowSubmitted::rowNumber)).toList();
        java.util.concurrent.CompletableFuture<List<JsonNode>> stream = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> http.get().uri("/api/imports/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM)
                        .exchange((request, response) -> {
                            assertThat(response.getHeaders().getContentType().toString()).startsWith("text/event-stream");
                            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                                    response.getBody(), java.nio.charset.StandardCharsets.UTF_8));
                            List<JsonNode> events = new java.util.ArrayList<>();
                            String event = null;
                            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                                if (line.startsWith("event:")) {
                                    event = line.substring(6);
                                } else if (line.startsWith("data:") && "progress".equals(event)) {
                                    events.add(json.readTree(line.substring(5)));
                                }
                            }
                            return events;
                        }));

        kafka.send(Topics.RESULTS, submitted.get(0).user().loginId(), created(submitted.get(0)));
        awaitJob(id, job -> assertThat(job.get("processedRows").asInt()).isEqualTo(1));
        Thread.sleep(2500); // more than the progress interval, and a second of outcomes for the rate
        JsonNode halfway = api.job(id);
        kafka.send(Topics.RESULTS, submitted.get(1).user().loginId(), created(submitted.get(1)));

        List<JsonNode> events = stream.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(events).extracting(event -> event.get("processedRows").asInt()).isSorted().contains(1).endsWith(2);
        assertThat(events.get(events.size() - 1).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(events.get(events.size() - 1).get("secondsRemaining").isNull()).isTrue();
        assertThat(halfway.get("rowsPerSecond").asDouble()).isBetween(0.1, 1.0);
        assertThat(halfway.get("secondsRemaining").asLong()).isBetween(1L, 10L);
        assertThat(http.get().uri("/api/imports/{id}/events", UUID.randomUUID()).retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void resumesAnImportStoppedWhileStagingAfterItsLastStagedRowPublishingWhatWasNotPublished() throws Exception {
        String s = suffix();
        String csv = "login_id,email\n" + "t1" + s + ",t1" + s + "@example.com\n" + "t2" + s + ",t2" + s
                + "@example.com\n" + "t1" + s + ",t3" + s + "@example.com\n" + "t4" + s + ",t4" + s + "@example.com\n";
        UUID id = UUID.fromString(json.readTree(upload(csv, "staging.csv").getBody()).get("id").asString());
        awaitJob(id, job -> assertThat(job.get("publishedRows").asInt()).isEqualTo(4));
        // as if the service had stopped with rows 1 and 2 staged and row 1 published, the file read through
        jdbc.sql("delete from import_row where import_id = :id and row_number > 2").param("id", id).update();
        jdbc.sql("update import_job set staged_rows = 2, published_rows = 1, invalid_rows = 0 where id = :id")
                .param("id", id).update();
        java.nio.file.Files.writeString(uploads.path(id), csv);

        resumer.resumeUnfinished();

        awaitJob(id, job -> {
            assertThat(job.get("stagedRows").asInt()).isEqualTo(4);
            assertThat(job.get("publishedRows").asInt()).isEqualTo(4);
        });
        assertThat(api.job(id).get("invalidRows").asInt()).as("row 3 repeats row 1's login id").isEqualTo(1);
        assertThat(uploads.path(id)).doesNotExist();
        // rows 2 to 4 again (row 3 fails review, so it goes to the results instead), each once more
        assertThat(read(Topics.ROWS, id, 5)).extracting(record -> json.readValue(record.value(), RowSubmitted.class)
                .rowNumber()).containsExactlyInAnyOrder(1, 2, 4, 2, 4);
        assertThat(rows(id, "FAILED")).extracting(row -> row.get("rowNumber").asInt() + ": " + row.get("reason")
                .asString()).containsExactly("3: Duplicate login id in file (first in row 1)");
    }

    @Test
    void resumesAnInterruptedPublishAfterTheLastRowKnownToBeOnKafka() throws Exception {
        String s = suffix();
        UUID id = UUID.fromString(json.readTree(upload("login_id,email\n" + "r1" + s + ",r1" + s + "@example.com\n"
                + "r2" + s + ",r2" + s + "@example.com\n" + "r3" + s + ",r3" + s + "@example.com\n", "resume.csv")
                .getBody()).get("id").asString());
        awaitJob(id, job -> assertThat(job.get("publishedRows").asInt()).isEqualTo(3));
        // as if the service had stopped after publishing row 1, before deleting the upload
        jdbc.sql("update import_job set published_rows = 1 where id = :id").param("id", id).update();
        java.nio.file.Files.writeString(uploads.path(id), "login_id,password\nr1,S3cret\n");

        resumer.resumeUnfinished();

        awaitJob(id, job -> assertThat(job.get("publishedRows").asInt()).isEqualTo(3));
        assertThat(uploads.path(id)).doesNotExist();
        assertThat(read(Topics.ROWS, id, 5)).extracting(record -> json.readValue(record.value(), RowSubmitted.class)
                .rowNumber()).containsExactlyInAnyOrder(1, 2, 3, 2, 3);
    }

    @Test
    void restartsStagingFromTheStoredFileWhenTheServiceStoppedDuringReview() throws Exception {
        String s = suffix();
        UUID id = UUID.randomUUID();
        java.nio.file.Files.createDirectories(uploads.path(id).getParent());
        java.nio.file.Files.writeString(uploads.path(id), "login_id,email\nv1" + s + ",v1" + s + "@example.com\n"
                + "v2" + s + ",v2" + s + "@example.com\n");
        jobs.insert(id, new ImportOptions(io.userimport.model.ImportMode.CREATE_ONLY, null, false, false, true, true, "test",
                        null, false, "restart.csv"),
                HeaderMapping.of(List.of("login_id", "email")), Instant.now());
        // the service stopped half-way through reviewing: one stale row staged, the job VALIDATING
        jdbc.sql("update import_job set status = 'VALIDATING' where id = :id").param("id", id).update();
        jdbc.sql("insert into import_row (import_id, row_number, login_id, user_fields, original) "
                + "values (:id, 1, 'stale', '{}', '[]')").param("id", id).update();

        resumer.resumeUnfinished();

        awaitJob(id, job -> {
            assertThat(job.get("status").asString()).isEqualTo("RUNNING");
            assertThat(job.get("publishedRows").asInt()).isEqualTo(2);
        });
        assertThat(rows(id, null)).extracting(row -> row.get("loginId").asString()).containsExactly("v1" + s, "v2" + s);
        assertThat(read(Topics.ROWS, id, 2)).hasSize(2);
        assertThat(uploads.path(id)).doesNotExist();
    }

    @Test
    void failsTheJobAndAppliesNothingWhenTheFileStopsBeingValidCsv() {
        String s = suffix();
        ResponseEntity<String> response = upload("login_id,email\nok" + s + ",ok" + s + "@example.com\n"
                + "\"broken" + s + ",b@example.com\nmore,rows@example.com\n", "broken.csv");
        UUID id = UUID.fromString(json.readTree(response.getBody()).get("id").asString());

        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("FAILED"));
        JsonNode job = json.readTree(http.get().uri("/api/imports/{id}", id).retrieve().body(String.class));
        assertThat(job.get("error").asString()).startsWith("Row 2 (line ").contains("Nothing was applied");
        assertThat(job.get("publishedRows").asInt()).isZero();
        assertThat(rows(id, null)).isEmpty();
    }

    @Test
    void failsTheJobWithTheReviewWhenInvalidRowsAreNotToBeSkipped() {
        String s = suffix();
        ResponseEntity<String> response = upload("login_id,email\ngood" + s + ",good" + s + "@example.com\n"
                + "bad" + s + ",bad-email\n", "strict.csv", "skipInvalidRows", "false");
        UUID id = UUID.fromString(json.readTree(response.getBody()).get("id").asString());

        awaitJob(id, job -> assertThat(job.get("status").asString()).isEqualTo("FAILED"));
        JsonNode job = json.readTree(http.get().uri("/api/imports/{id}", id).retrieve().body(String.class));
        assertThat(job.get("error").asString()).startsWith("1 of 2 rows failed review");
        assertThat(job.get("publishedRows").asInt()).isZero();
        assertThat(rows(id, "FAILED")).extracting(row -> row.get("reason").asString())
                .containsExactly("Invalid email 'bad-email'");
    }

    @Test
    void completesAFileWithOnlyAHeaderAtOnce() {
        UUID id = UUID.fromString(json.readTree(upload("email\n", "empty.csv").getBody()).get("id").asString());

        awaitJob(id, job -> {
            assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(job.get("totalRows").asInt()).isZero();
        });
    }

    @Test
    void refusesAnUploadOverTheSizeLimitWithA413ProblemAndKeepsServing() {
        String csv = "login_id,email\n" + "someone,someone@example.com\n".repeat(40_000); // about 1.1 MB

        ResponseEntity<String> response = upload(csv, "too-big.csv");

        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json.readTree(response.getBody()).get("detail").asString()).containsIgnoringCase("size");
        assertThat(upload("login_id,email\nsmall" + suffix() + ",small" + suffix() + "@example.com\n", "small.csv")
                .getStatusCode().value()).isEqualTo(202);
    }

    private ResponseEntity<String> upload(String csv, String fileName, String... fields) {
        return api.upload(csv, fileName, fields);
    }

    private void awaitJob(UUID id, java.util.function.Consumer<JsonNode> assertion) {
        api.awaitJob(id, assertion);
    }

    private List<JsonNode> rows(UUID id, String outcome) {
        String uri = outcome == null ? "/api/imports/{id}/rows" : "/api/imports/{id}/rows?outcome=" + outcome;
        JsonNode rows = json.readTree(http.get().uri(uri, id).retrieve().body(String.class));
        return rows.valueStream().toList();
    }

    private static List<ConsumerRecord<String, String>> read(String topic, UUID id, int count) {
        try (TopicReader reader = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(), topic)) {
            return reader.readUntil(id.toString(), records -> records.size() >= count, TIMEOUT);
        }
    }

    private static RowProcessed created(RowSubmitted row) {
        return new RowProcessed(RowProcessed.SCHEMA_VERSION, row.importId(), row.rowNumber(), row.attempt(),
                row.user().loginId(), row.user().email(), row.user().firstName(), null, RowOutcome.CREATED, null,
                List.of(), List.of(), AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true, false, Instant.now());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
