package io.userimport.worker.rows;

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
import io.userimport.model.Topics;
import io.userimport.model.UserActivated;
import io.userimport.model.UserFields;
import io.userimport.model.UserStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
class RowProcessingIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Autowired
    KafkaTemplate<String, Object> kafka;
    @Autowired
    RowApplier applier;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    MeterRegistry meterRegistry;
    @Autowired
    RowPathWarmUp warmUp;
    @LocalServerPort
    int port;

    @Test
    void warmsUpOnSyntheticRowsDecidedAsRealOnesAndLeavesNoTraceInTheDirectory() {
        long users = jdbc.sql("select count(*) from directory_user").query(Long.class).single();
        long applied = jdbc.sql("select count(*) from applied_row").query(Long.class).single();
        double counted = meterRegistry.find("userimport.rows.applied").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();

        List<Outcome> outcomes = warmUp.rehearse(40);

        assertThat(outcomes).extracting(outcome -> outcome.event().outcome())
                .as("a row in twenty names a group that does not exist").hasSize(40)
                .containsOnly(RowOutcome.CREATED, RowOutcome.FAILED).filteredOn(RowOutcome.FAILED::equals).hasSize(2);
        assertThat(jdbc.sql("select count(*) from directory_user").query(Long.class).single()).isEqualTo(users);
        assertThat(jdbc.sql("select count(*) from applied_row").query(Long.class).single()).isEqualTo(applied);
        assertThat(jdbc.sql("select count(*) from directory_user where login_id like 'warm-up-%'").query(Long.class)
                .single()).as("nor did the warm-up the service ran as it started").isZero();
        assertThat(meterRegistry.find("userimport.rows.applied").counters().stream()
                .mapToDouble(counter -> counter.count()).sum()).isEqualTo(counted);
    }

    @Test
    void createsUsersAndReportsEveryRowsOutcome() {
        String suffix = suffix();
        RestClient http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth(TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD)).build();
        http.post().uri("/api/groups").body(Map.of("name", "Sales " + suffix)).retrieve().toBodilessEntity();
        http.post().uri("/api/business-units").body(Map.of("name", "Paris " + suffix)).retrieve().toBodilessEntity();
        UUID importId = UUID.randomUUID();
        double createdBefore = applied(RowOutcome.CREATED);
        double failedBefore = applied(RowOutcome.FAILED);
        send(row(importId, 1, "pending" + suffix, "pending" + suffix + "@example.com", null, null,
                List.of("sales " + suffix), List.of("Paris " + suffix)));
        send(row(importId, 2, "active" + suffix, "active" + suffix + "@example.com", "{bcrypt}$2a$10$abc", null,
                List.of(), List.of()));
        send(RowSubmitted.of(importId, 3, ImportMode.CREATE_ONLY, false, true, new UserFields("ldap" + suffix,
                "ldap" + suffix + "@example.com", "L", "Dap", null, "{bcrypt}$2a$10$abc", null, "CN=L Dap,DC=example",
                List.of(), List.of())));
        send(row(importId, 4, "ADMIN", "new-admin" + suffix + "@example.com", null, null, List.of(), List.of()));
        send(row(importId, 5, "other" + suffix, "ADMIN@localhost", null, null, List.of(), List.of()));
        send(row(importId, 6, "nogroup" + suffix, "nogroup" + suffix + "@example.com", null, null,
                List.of("Nowhere " + suffix), List.of()));

        Map<Integer, RowProcessed> outcomes = results(importId, 6).stream()
                .collect(Collectors.toMap(RowProcessed::rowNumber, Function.identity()));

        assertThat(outcomes.get(1).outcome()).isEqualTo(RowOutcome.CREATED);
        assertThat(outcomes.get(1).userStatus()).isEqualTo(UserStatus.PENDING_ACTIVATION);
        assertThat(outcomes.get(1).welcomeEmailDue()).isTrue();
        assertThat(outcomes.get(2).userStatus()).isEqualTo(UserStatus.ACTIVE);
        assertThat(outcomes.get(2).welcomeEmailDue()).isFalse();
        assertThat(outcomes.get(3).authType()).isEqualTo(AuthType.LDAP);
        assertThat(outcomes.get(3).warnings()).containsExactly("Password ignored: LDAP users sign in through LDAP");
        assertThat(outcomes.get(4)).extracting(RowProcessed::outcome, RowProcessed::reason)
                .containsExactly(RowOutcome.FAILED, "User already exists");
        assertThat(outcomes.get(5)).extracting(RowProcessed::outcome, RowProcessed::reason)
                .containsExactly(RowOutcome.FAILED, "Email already in use");
        assertThat(outcomes.get(6)).extracting(RowProcessed::outcome, RowProcessed::reason)
                .containsExactly(RowOutcome.FAILED, "Unknown group: Nowhere " + suffix);
        // every outcome is on the results topic already (read above), and the worker sends a row's outcome to
        // both topics at once: one of row 2 or 3 (an active user, an LDAP one: nothing to tell) would be here
        assertThat(noteworthy(importId, 4)).as("a welcome email due or a failure is noteworthy, an active user is not")
                .containsExactlyInAnyOrder(1, 4, 5, 6);

        String user = http.get().uri("/api/users/PENDING{s}", suffix).retrieve().body(String.class);
        assertThat(json.readTree(user).get("fullName").asString()).isEqualTo("First Last");
        assertThat(json.readTree(user).get("groups").get(0).asString()).isEqualTo("Sales " + suffix);
        assertThat(json.readTree(user).get("businessUnits").get(0).asString()).isEqualTo("Paris " + suffix);
        assertThat(user).doesNotContainIgnoringCase("password");
        String ldapHash = jdbc.sql("select password_hash from directory_user where login_id = :l")
                .param("l", "ldap" + suffix).query(String.class).optional().orElse(null);
        assertThat(ldapHash).isNull();
        assertThat(usersWithLoginId("nogroup" + suffix)).isZero();
        assertThat(applied(RowOutcome.CREATED)).as("rows applied, by outcome")
                .isGreaterThanOrEqualTo(createdBefore + 3);
        assertThat(applied(RowOutcome.FAILED)).isGreaterThanOrEqualTo(failedBefore + 3);
    }

    private double applied(RowOutcome outcome) {
        return meterRegistry.get("userimport.rows.applied").tag("outcome", outcome.name()).counter().count();
    }

    @Test
    void redeliveredRowCreatesOneUserAndReportsCreatedAgain() {
        String suffix = suffix();
        UUID importId = UUID.randomUUID();
        RowSubmitted event = row(importId, 1, "twice" + suffix, "twice" + suffix + "@example.com", null, null,
                List.of(), List.of());

        send(event);
        send(event);

        assertThat(results(importId, 2)).extracting(RowProcessed::outcome, RowProcessed::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RowOutcome.CREATED, null),
                        org.assertj.core.groups.Tuple.tuple(RowOutcome.CREATED, null));
        assertThat(usersWithLoginId("twice" + suffix)).isEqualTo(1);
    }

    @Test
    void reportsTheStoredOutcomeWhenARowCommittedBeforeACrashIsRedelivered() {
        String suffix = suffix();
        UUID importId = UUID.randomUUID();
        RowSubmitted event = row(importId, 1, "crash" + suffix, "crash" + suffix + "@example.com", null, null,
                List.of(), List.of());
        // the database commit happened; the outcome was never published and the offset never committed
        assertThat(applier.apply(List.of(event))).extracting(RowProcessed::outcome).containsExactly(RowOutcome.CREATED);

        send(event);

        RowProcessed redelivered = results(importId, 1).get(0);
        assertThat(redelivered.outcome()).isEqualTo(RowOutcome.CREATED);
        assertThat(redelivered.reason()).isNull();
        assertThat(usersWithLoginId("crash" + suffix)).isEqualTo(1);
    }

    @Test
    void decidesEveryRowOfABatchAsIfTheRowsRanOneByOne() {
        String suffix = suffix();
        UUID importId = UUID.randomUUID();
        RowSubmitted first = row(importId, 1, "x" + suffix, "shared" + suffix + "@example.com", null, null,
                List.of(), List.of());
        RowSubmitted sameEmail = row(importId, 2, "y" + suffix, "SHARED" + suffix + "@example.com", null, null,
                List.of(), List.of());
        RowSubmitted sameLogin = row(UUID.randomUUID(), 1, "X" + suffix, "z" + suffix + "@example.com", null, null,
                List.of(), List.of());

        List<RowProcessed> outcomes = applier.apply(List.of(first, sameEmail, sameLogin, first));

        assertThat(outcomes).extracting(RowProcessed::outcome, RowProcessed::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(RowOutcome.CREATED, null),
                org.assertj.core.groups.Tuple.tuple(RowOutcome.FAILED, "Email already in use"),
                org.assertj.core.groups.Tuple.tuple(RowOutcome.FAILED, "User already exists"),
                org.assertj.core.groups.Tuple.tuple(RowOutcome.CREATED, null));
        assertThat(usersWithLoginId("x" + suffix)).isEqualTo(1);
    }

    @Test
    void deadLettersAnUnreadableRowEventAndGoesOnWithTheNextRow() throws Exception {
        String suffix = suffix();
        UUID importId = UUID.randomUUID();
        String key = Topics.userKey("after" + suffix);
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer());
             TopicReader deadLetters = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(),
                     Topics.ROWS_DEAD_LETTER)) {
            raw.send(new ProducerRecord<>(Topics.ROWS, key, "{not json " + suffix)).get();
            send(row(importId, 1, "after" + suffix, "after" + suffix + "@example.com", null, null, List.of(), List.of()));

            assertThat(results(importId, 1).get(0).outcome()).isEqualTo(RowOutcome.CREATED);
            assertThat(deadLetters.readUntil(suffix, records -> !records.isEmpty(), TIMEOUT).get(0).value())
                    .isEqualTo("{not json " + suffix);
        }
    }

    @Test
    void failsARowTheDirectoryRefusesAloneAndAtOnceWithTheCauseAndAppliesTheOthers() {
        String suffix = suffix();
        UUID importId = UUID.randomUUID();
        // a producer other than the ingest service skipped review: the login id is too long for the directory
        RowSubmitted tooLong = row(importId, 2, "x".repeat(300) + suffix, "long" + suffix + "@example.com", null, null,
                List.of(), List.of());
        try (TopicReader deadLetters = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(),
                Topics.ROWS_DEAD_LETTER)) {
            for (RowSubmitted event : List.of(
                    row(importId, 1, "before" + suffix, "before" + suffix + "@example.com", null, null, List.of(), List.of()),
                    tooLong,
                    row(importId, 3, "after" + suffix, "after" + suffix + "@example.com", null, null, List.of(), List.of()))) {
                kafka.send(Topics.ROWS, "same-partition-" + suffix, event);
            }
            kafka.flush();

            Map<Integer, RowProcessed> outcomes = results(importId, 3).stream()
                    .collect(Collectors.toMap(RowProcessed::rowNumber, Function.identity()));

            assertThat(outcomes.get(1).outcome()).isEqualTo(RowOutcome.CREATED);
            assertThat(outcomes.get(3).outcome()).isEqualTo(RowOutcome.CREATED);
            assertThat(outcomes.get(2).outcome()).isEqualTo(RowOutcome.FAILED);
            assertThat(outcomes.get(2).reason()).startsWith("The directory refused the row: ").contains("too long")
                    .doesNotContain("xxx");
            assertThat(deadLetters.readFor(importId.toString(), Duration.ofSeconds(2)))
                    .as("a refused row is a failed row, not a dead letter").isEmpty();
        }
        assertThat(usersWithLoginId("x".repeat(300) + suffix)).isZero();
    }

    @Test
    void neverAppliesARowOnceItWasReportedFailedEvenWhenItsEventComesAgain() {
        String suffix = suffix();
        UUID importId = UUID.randomUUID();
        RowSubmitted row = row(importId, 1, "given-up" + suffix, "given-up" + suffix + "@example.com", null, null,
                List.of(), List.of());
        assertThat(applier.refuse(row, "Could not be applied: the worker gave up").outcome())
                .isEqualTo(RowOutcome.FAILED);

        send(row);

        RowProcessed outcome = results(importId, 1).get(0);
        assertThat(outcome.outcome()).isEqualTo(RowOutcome.FAILED);
        assertThat(outcome.reason()).isEqualTo("Could not be applied: the worker gave up");
        assertThat(usersWithLoginId("given-up" + suffix)).isZero();
    }

    @Test
    void aDryRunRowTheDatabaseRefusesFailsAloneAndTheRealRowsAroundItAreApplied() {
        String suffix = suffix();
        UUID realImport = UUID.randomUUID();
        UUID dryImport = UUID.randomUUID();
        RowSubmitted tooLong = row(dryImport, 1, "y".repeat(300) + suffix, "dry" + suffix + "@example.com", null, null,
                List.of(), List.of());
        RowSubmitted dry = new RowSubmitted(tooLong.schemaVersion(), dryImport, 1, 1, ImportMode.CREATE_ONLY, false,
                true, true, null, tooLong.user());
        for (RowSubmitted event : List.of(
                row(realImport, 1, "real1" + suffix, "real1" + suffix + "@example.com", null, null, List.of(), List.of()),
                dry,
                row(realImport, 2, "real2" + suffix, "real2" + suffix + "@example.com", null, null, List.of(), List.of()))) {
            kafka.send(Topics.ROWS, "mixed-" + suffix, event);
        }
        kafka.flush();

        assertThat(results(realImport, 2)).extracting(RowProcessed::outcome).containsOnly(RowOutcome.CREATED);
        RowProcessed refused = results(dryImport, 1).get(0);
        assertThat(refused.outcome()).isEqualTo(RowOutcome.FAILED);
        assertThat(refused.dryRun()).isTrue();
        assertThat(usersWithLoginId("real1" + suffix) + usersWithLoginId("real2" + suffix)).isEqualTo(2);
    }

    @Test
    void activatesAPendingUserWithThePasswordHashOfItsWelcomeLink() {
        String suffix = suffix();
        UUID importId = UUID.randomUUID();
        applier.apply(List.of(row(importId, 1, "activate" + suffix, "activate" + suffix + "@example.com", null, null,
                List.of(), List.of())));
        UserActivated activated = UserActivated.of(importId, 1, "Activate" + suffix, "{bcrypt}$2a$04$chosen", Instant.now());

        kafka.send(Topics.ACTIVATIONS, Topics.userKey(activated.loginId()), activated).join();
        kafka.send(Topics.ACTIVATIONS, Topics.userKey(activated.loginId()), activated).join();

        Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> assertThat(jdbc.sql(
                        "select status || ' ' || coalesce(password_hash, 'none') from directory_user where login_id = :l")
                .param("l", "activate" + suffix).query(String.class).single())
                .isEqualTo("ACTIVE {bcrypt}$2a$04$chosen"));
    }

    private void send(RowSubmitted event) {
        kafka.send(Topics.ROWS, Topics.userKey(event.identity()), event).join();
    }

    private List<RowProcessed> results(UUID importId, int count) {
        try (TopicReader reader = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(), Topics.RESULTS)) {
            List<ConsumerRecord<String, String>> records = reader.readUntil(importId.toString(),
                    found -> found.size() >= count, TIMEOUT);
            return records.stream().map(record -> json.readValue(record.value(), RowProcessed.class)).toList();
        }
    }

    /** The rows whose outcomes are on {@link Topics#NOTEWORTHY_RESULTS}, once {@code count} are. */
    private List<Integer> noteworthy(UUID importId, int count) {
        try (TopicReader reader = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(),
                Topics.NOTEWORTHY_RESULTS)) {
            return reader.readUntil(importId.toString(), found -> found.size() >= count, TIMEOUT).stream()
                    .map(record -> json.readValue(record.value(), RowProcessed.class).rowNumber()).toList();
        }
    }

    private int usersWithLoginId(String loginId) {
        return jdbc.sql("select count(*) from directory_user where lower(login_id) = lower(:l)").param("l", loginId)
                .query(Integer.class).single();
    }

    private static RowSubmitted row(UUID importId, int rowNumber, String loginId, String email, String passwordHash,
                                    AuthType authType, List<String> groups, List<String> businessUnits) {
        return RowSubmitted.of(importId, rowNumber, ImportMode.CREATE_ONLY, false, true, new UserFields(loginId, email,
                "First", "Last", null, passwordHash, authType, null, groups, businessUnits));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
