package io.userimport.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import io.userimport.infra.RealInfrastructureInitializer;
import io.userimport.model.AuthType;
import io.userimport.model.ImportFinished;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.Topics;
import io.userimport.model.UserActivated;
import io.userimport.model.UserStatus;
import io.userimport.infra.TestInfrastructure;
import io.userimport.infra.TopicReader;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import java.net.CookieManager;
import java.net.http.HttpClient;
import io.userimport.security.TestAccounts;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"app.notification.send-interval=100ms", "app.notification.password-hash-strength=4",
                "app.notification.set-password-url=https://users.example.com/set-password",
                "app.notification.ingest-url=https://import.example.com/"})
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
@Import(TestAccounts.InPlaceOfTheDirectory.class)
class NotificationIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final GreenMail smtp = TestSmtp.server();

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    @Autowired
    io.userimport.notification.failures.Failures failures;
    @Autowired
    KafkaTemplate<String, Object> kafka;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;
    @Autowired
    PasswordEncoder passwordEncoder;
    @LocalServerPort
    int port;

    RestClient http;
    /** The CSRF token of the set-password form last shown. */
    String csrf;

    @BeforeEach
    void setUp() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeaders(headers -> headers.setBasicAuth(TestAccounts.ADMIN, TestAccounts.ADMIN_PASSWORD)).build();
    }

    @Test
    void sendsOneWelcomeEmailPerNativeUserCreatedPendingActivation() throws Exception {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        publish(created(importId, 1, "pending" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true));
        publish(created(importId, 2, "active" + s, AuthType.NATIVE, UserStatus.ACTIVE, true));
        publish(created(importId, 3, "ldap" + s, AuthType.LDAP, UserStatus.ACTIVE, true));
        publish(created(importId, 4, "quiet" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, false));
        publish(failed(importId, 5, 1, "failed" + s, "failed" + s + "@example.com", "User already exists"));
        publish(created(importId, 6, "second" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(notifications(importId))
                .extracting(n -> n.get("loginId").asString() + " " + n.get("status").asString())
                .containsExactly("pending" + s + " SENT", "second" + s + " SENT"));

        MimeMessage mail = mailsTo("pending" + s + "@example.com").get(0);
        assertThat(mail.getSubject()).isEqualTo("Welcome: set your password");
        String body = ((String) mail.getContent());
        assertThat(body).contains("Hello First,", "Your login id is: pending" + s);
        Matcher link = Pattern.compile("https://users\\.example\\.com/set-password\\?token=([A-Za-z0-9_-]{43})")
                .matcher(body);
        assertThat(link.find()).isTrue();
        String storedHash = jdbc.sql("select token_hash from welcome_email where import_id = :id and row_number = 1")
                .param("id", importId).query(String.class).single();
        assertThat(storedHash).isEqualTo(sha256(link.group(1))).doesNotContain(link.group(1));
        assertThat(mailsTo("active" + s + "@example.com")).isEmpty();
        assertThat(mailsTo("ldap" + s + "@example.com")).isEmpty();
        assertThat(mailsTo("quiet" + s + "@example.com")).isEmpty();
    }

    @Test
    void aRedeliveredResultSendsNoSecondEmailAndRecordsNoSecondFailure() {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        RowProcessed created = created(importId, 1, "once" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true);
        RowProcessed failed = failed(importId, 2, 1, "once" + s, "dup" + s + "@example.com", "Email already in use");
        publish(created);
        publish(failed);
        publish(created);
        publish(failed);
        // same key, so same partition: once this one is mailed, the duplicates before it were consumed
        publish(created(importId, 3, "once" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(notifications(importId)).hasSize(2)
                .allSatisfy(n -> assertThat(n.get("status").asString()).isEqualTo("SENT")));
        assertThat(mailsTo("once" + s + "@example.com")).hasSize(2);
        JsonNode failures = json.readTree(http.get().uri("/api/failures?importId={id}", importId).retrieve()
                .body(String.class));
        assertThat(failures.valueStream().map(f -> f.get("rowNumber").asInt() + ": " + f.get("reason").asString()))
                .containsExactly("2: Email already in use");
    }

    @Test
    void theWelcomeLinkSetsThePasswordOnceAndOnlyBeforeItExpires() throws Exception {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        publish(created(importId, 1, "link" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true));
        publish(created(importId, 2, "late" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true));
        await().atMost(TIMEOUT).until(() -> mailsTo("link" + s + "@example.com").size() == 1
                && mailsTo("late" + s + "@example.com").size() == 1);
        String token = token(mailsTo("link" + s + "@example.com").get(0));
        RestClient page = RestClient.builder().baseUrl("http://localhost:" + port)
                .requestFactory(new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                        .cookieHandler(new CookieManager()).build()))
                .defaultHeader(HttpHeaders.ACCEPT, BROWSER_ACCEPT)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();

        var form = page.get().uri("/set-password?token={t}", token).retrieve().toEntity(String.class);
        assertThat(form.getStatusCode().value()).isEqualTo(200);
        Matcher csrfField = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(form.getBody());
        assertThat(csrfField.find()).as("the form carries a CSRF token").isTrue();
        csrf = csrfField.group(1);
        String withoutCsrf = csrf;
        csrf = null;
        assertThat(setPassword(page, token, "correct horse battery", "correct horse battery").getStatusCode().value())
                .as("no CSRF token").isEqualTo(401);
        csrf = withoutCsrf;
        assertThat(form.getBody()).contains("Choose your password", "link" + s);
        assertThat(form.getHeaders().getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(form.getHeaders().getCacheControl()).contains("no-store");
        assertThat(form.getHeaders().getFirst("Content-Security-Policy")).contains("default-src 'none'");
        var tooShort = setPassword(page, token, "short", "short");
        assertThat(tooShort.getStatusCode().value()).isEqualTo(400);
        assertThat(tooShort.getBody()).contains("at least 12 characters");
        assertThat(setPassword(page, token, "long enough password", "another long one").getBody())
                .contains("The two passwords differ.");

        try (TopicReader activations = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(), Topics.ACTIVATIONS)) {
            var done = setPassword(page, token, "correct horse battery", "correct horse battery");
            assertThat(done.getStatusCode().value()).isEqualTo(200);
            assertThat(done.getBody()).contains("Your password is set", "link" + s);
            String event = activations.readUntil("link" + s, records -> !records.isEmpty(), TIMEOUT).get(0).value();
            UserActivated activated = json.readValue(event, UserActivated.class);
            assertThat(activated.loginId()).isEqualTo("link" + s);
            assertThat(activated.importId()).isEqualTo(importId);
            assertThat(passwordEncoder.matches("correct horse battery", activated.passwordHash())).isTrue();
            assertThat(event).doesNotContain("correct horse battery");
        }
        var again = setPassword(page, token, "a different password", "a different password");
        assertThat(again.getStatusCode().value()).isEqualTo(410);
        assertThat(again.getBody()).contains("already used");
        var unknown = page.get().uri("/set-password?token=not-a-real-token").retrieve().toEntity(String.class);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(unknown.getBody()).contains("This link is not valid");
        var unknownToAScript = page.get().uri("/set-password?token=not-a-real-token").accept(MediaType.ALL)
                .retrieve().toEntity(String.class);
        assertThat(unknownToAScript.getStatusCode().value()).isEqualTo(404);
        assertThat(unknownToAScript.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json.readTree(unknownToAScript.getBody()).path("detail").asString()).contains("This link is not valid");

        String lateToken = token(mailsTo("late" + s + "@example.com").get(0));
        jdbc.sql("update welcome_email set token_expires_at = now() - interval '1 minute' "
                + "where import_id = :id and row_number = 2").param("id", importId).update();
        var expired = setPassword(page, lateToken, "correct horse battery", "correct horse battery");
        assertThat(expired.getStatusCode().value()).isEqualTo(410);
        assertThat(expired.getBody()).contains("expired");
    }

    @Test
    void aPasswordChosenJustBeforeACrashStillReachesTheDirectoryAndItsHashIsThenForgotten() {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        publish(created(importId, 1, "crash" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true));
        await().atMost(TIMEOUT).until(() -> mailsTo("crash" + s + "@example.com").size() == 1);
        // as the link was spent when the service died, before it could publish anything
        String hash = passwordEncoder.encode("chosen before the crash");
        jdbc.sql("update welcome_email set token_used_at = now(), activation_hash = :hash where import_id = :id")
                .param("hash", hash).param("id", importId).update();

        try (TopicReader activations = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers(), Topics.ACTIVATIONS)) {
            UserActivated activated = json.readValue(activations.readUntil("crash" + s, r -> !r.isEmpty(), TIMEOUT)
                    .get(0).value(), UserActivated.class);
            assertThat(activated.passwordHash()).isEqualTo(hash);
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(jdbc.sql(
                "select activation_hash from welcome_email where import_id = :id").param("id", importId)
                .query(String.class).optional()).isEmpty());
    }

    @Test
    void anAdministratorResendsAWelcomeEmailWithAFreshLinkAndTheOldOneStopsWorking() throws Exception {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        publish(created(importId, 1, "again" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true));
        await().atMost(TIMEOUT).until(() -> mailsTo("again" + s + "@example.com").size() == 1);
        String first = token(mailsTo("again" + s + "@example.com").get(0));

        var resent = http.post().uri("/api/welcome-emails/{login}/resend", "AGAIN" + s).retrieve()
                .toEntity(String.class);

        assertThat(resent.getStatusCode().value()).isEqualTo(200);
        assertThat(json.readTree(resent.getBody()).get("status").asString()).isEqualTo("PENDING");
        assertThat(jdbc.sql("select count(*) from welcome_email where token_hash = :h").param("h", sha256(first))
                .query(Integer.class).single()).as("the first link is revoked at once").isZero();
        await().atMost(TIMEOUT).until(() -> mailsTo("again" + s + "@example.com").size() == 2);
        List<MimeMessage> mails = mailsTo("again" + s + "@example.com");
        String second = token(mails.get(1));
        assertThat(second).isNotEqualTo(first);
        assertThat(header(mails.get(1), "Message-ID")).isEqualTo("<welcome-" + importId + "-1-r1@user-import>")
                .isNotEqualTo(header(mails.get(0), "Message-ID"));
        RestClient page = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { }).build();
        assertThat(page.get().uri("/set-password?token={t}", first).retrieve().toEntity(String.class)
                .getStatusCode().value()).isEqualTo(404);
        assertThat(page.get().uri("/set-password?token={t}", second).retrieve().toEntity(String.class)
                .getStatusCode().value()).isEqualTo(200);
        RestClient admin = http.mutate().defaultStatusHandler(status -> true, (request, response) -> { }).build();
        assertThat(admin.post().uri("/api/welcome-emails/{login}/resend", "nobody" + s).retrieve()
                .toEntity(String.class).getStatusCode().value()).isEqualTo(404);
        jdbc.sql("update welcome_email set token_used_at = now() where import_id = :id").param("id", importId).update();
        var activated = admin.post().uri("/api/welcome-emails/{login}/resend", "again" + s).retrieve()
                .toEntity(String.class);
        assertThat(activated.getStatusCode().value()).isEqualTo(409);
        assertThat(activated.getBody()).contains("has set their password already");
    }

    @Test
    void pagesThroughTheWelcomeEmailsAndFailuresOfAnImportSayingHowManyThereAre() {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        for (int row = 1; row <= 5; row++) {
            publish(created(importId, row, "pg" + row + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true));
            publish(failed(importId, 10 + row, 1, "pf" + row + s, "pf" + row + s + "@example.com", "Email already in use"));
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(notifications(importId)).hasSize(5));

        var first = http.get().uri("/api/notifications?importId={id}&size=2", importId).retrieve().toEntity(String.class);
        assertThat(first.getHeaders().getFirst("X-Total-Count")).isEqualTo("5");
        assertThat(json.readTree(first.getBody()).valueStream().map(n -> n.get("rowNumber").asInt())).containsExactly(1, 2);
        String next = first.getHeaders().getFirst("Link");
        assertThat(next).contains("afterRow=2", "size=2").endsWith("rel=\"next\"");
        assertThat(json.readTree(http.get().uri(next.substring(next.indexOf('<') + 1, next.indexOf('>'))).retrieve()
                .body(String.class)).valueStream().map(n -> n.get("rowNumber").asInt())).containsExactly(3, 4);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(http.get()
                .uri("/api/failures?importId={id}&afterRow=13&size=10", importId).retrieve().toEntity(String.class))
                .satisfies(page -> {
                    assertThat(page.getHeaders().getFirst("X-Total-Count")).isEqualTo("5");
                    assertThat(page.getHeaders().getFirst("Link")).isNull();
                    assertThat(json.readTree(page.getBody()).valueStream().map(f -> f.get("rowNumber").asInt()))
                            .containsExactly(14, 15);
                }));
    }

    /** What a browser accepts when it follows a link or posts a form. */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private org.springframework.http.ResponseEntity<String> setPassword(RestClient page, String token,
                                                                          String password, String confirmation) {
        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        if (csrf != null) {
            form.add("_csrf", csrf);
        }
        form.add("token", token);
        form.add("password", password);
        form.add("confirmation", confirmation);
        return page.post().uri("/set-password").contentType(MediaType.APPLICATION_FORM_URLENCODED).body(form)
                .retrieve().toEntity(String.class);
    }

    private static String token(MimeMessage mail) throws Exception {
        Matcher link = Pattern.compile("\\?token=([A-Za-z0-9_-]{43})").matcher((String) mail.getContent());
        assertThat(link.find()).isTrue();
        return link.group(1);
    }

    @Test
    void sendsOneCompletionReportPerFinishedAttemptToWhoeverStartedIt() throws Exception {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        String admin = "boss" + s + "@example.com";
        ImportFinished finished = finished(importId, 1, "users.csv", admin, List.of(
                new ImportFinished.Failure(2, "ann" + s, "ann@example.com", "User already exists"),
                new ImportFinished.Failure(5, null, "bob@example.com", "Unknown group: Sales")));
        kafka.send(Topics.IMPORTS, importId.toString(), finished).join();
        kafka.send(Topics.IMPORTS, importId.toString(), finished).join(); // redelivered, or announced again
        kafka.send(Topics.IMPORTS, importId.toString(), finished(importId, 2, "users.csv", admin, List.of())).join();
        UUID scheduled = UUID.randomUUID();
        kafka.send(Topics.IMPORTS, scheduled.toString(), finished(scheduled, 1, "nightly.csv", null, List.of())).join();

        await().atMost(TIMEOUT).until(() -> mailsTo(admin).size() == 2);
        await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).until(() -> mailsTo(admin).size() == 2);
        MimeMessage report = mailsTo(admin).stream().filter(mail -> header(mail, "Message-ID").contains("-1@"))
                .findFirst().orElseThrow();
        assertThat(report.getSubject()).isEqualTo("Import of \"users.csv\" completed: 2 of 10 rows failed");
        assertThat(header(report, "Message-ID")).isEqualTo("<report-" + importId + "-1@user-import>");
        assertThat((String) report.getContent()).contains("Your import of \"users.csv\" is complete.",
                "Rows in the file: 10", "Created:          6", "Failed:           2",
                "Row 2 (ann" + s + "): User already exists", "Row 5 (bob@example[.]com): Unknown group: Sales",
                "https://import.example.com/?job=" + importId,
                "https://import.example.com/api/imports/" + importId + "/failures.csv", "(as admin)");
        assertThat(notifications(scheduled)).extracting(n -> n.get("kind").asString() + " " + n.get("status").asString())
                .containsExactly("COMPLETION_REPORT SKIPPED");
        assertThat(notifications(importId)).extracting(n -> n.get("status").asString()).containsExactly("SENT", "SENT");
    }

    @Test
    void aReportWhoseSendingWasInterruptedIsSentAgainWithTheSameMessageIdOnceItsLeasePassed() throws Exception {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        String admin = "lease" + s + "@example.com";
        // claimed by a sender that died while sending: SENDING, its lease run out
        jdbc.sql("""
                insert into completion_report (import_id, attempt, report_to, event, status, attempts, lease_until)
                values (:id, 1, :to, cast(:event as jsonb), 'SENDING', 1, now() - interval '1 second')
                """).param("id", importId).param("to", admin)
                .param("event", json.writeValueAsString(finished(importId, 1, "lease.csv", admin, List.of()))).update();

        await().atMost(TIMEOUT).until(() -> mailsTo(admin).size() == 1);
        assertThat(header(mailsTo(admin).get(0), "Message-ID")).isEqualTo("<report-" + importId + "-1@user-import>");
        assertThat(notifications(importId)).extracting(n -> n.get("status").asString() + " " + n.get("attempts").asInt())
                .containsExactly("SENT 2");
    }

    @Test
    void textFromAFileCannotAddLinesHeadersOrLinksToAnEmail() throws Exception {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        RowProcessed created = created(importId, 1, "mallory" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true);
        publish(new RowProcessed(RowProcessed.SCHEMA_VERSION, importId, 1, 1, created.loginId(), created.email(),
                "Bob\r\nBcc: victim@evil.example\r\n\r\nReset it at http://evil.example/reset", "<a href=x>Bob</a>",
                RowOutcome.CREATED, null, List.of(), List.of(), AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true,
                false, Instant.now()));
        String admin = "boss" + s + "@example.com";
        kafka.send(Topics.IMPORTS, importId.toString(), finished(importId, 1, "x.csv\r\nBcc: victim@evil.example",
                admin, List.of(new ImportFinished.Failure(3, "eve", null,
                        "Unknown group: Visit https://evil.example/login\nor www.evil.example today")))).join();

        await().atMost(TIMEOUT).until(() -> mailsTo(created.email()).size() == 1 && mailsTo(admin).size() == 1);
        MimeMessage welcome = mailsTo(created.email()).get(0);
        String body = (String) welcome.getContent();
        assertThat(body.lines().findFirst()).contains("Hello,");
        assertThat(body).doesNotContain("evil", "Bcc", "<a");
        assertThat(welcome.getHeader("Bcc")).isNull();
        MimeMessage report = mailsTo(admin).get(0);
        assertThat(report.getHeader("Bcc")).isNull();
        assertThat(report.getSubject()).doesNotContain("\n").contains("x.csv Bcc: victim@evil[.]example");
        assertThat((String) report.getContent()).contains("Row 3 (eve): Unknown group: Visit https[:]//evil[.]example/login "
                + "or www[.]evil[.]example today").doesNotContain("https://evil", "www.evil");
    }

    private static ImportFinished finished(UUID importId, int attempt, String fileName, String reportTo,
                                           List<ImportFinished.Failure> failures) {
        return new ImportFinished(ImportFinished.SCHEMA_VERSION, importId, attempt, "COMPLETED", fileName, false,
                "admin", reportTo, new ImportFinished.Counts(10, 6, 1, 1, 2, 0, 0), null, failures, Instant.now());
    }

    private static String header(MimeMessage mail, String name) {
        try {
            return mail.getHeader(name)[0];
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void publish(RowProcessed event) {
        kafka.send(Topics.NOTEWORTHY_RESULTS, Topics.userKey(event.loginId()), event).join();
    }

    private List<JsonNode> notifications(UUID importId) {
        return json.readTree(http.get().uri("/api/notifications?importId={id}", importId).retrieve().body(String.class))
                .valueStream().toList();
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(to -> to.toString().equals(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static RowProcessed created(UUID importId, int row, String loginId, AuthType authType, UserStatus status,
                                        boolean sendWelcomeEmail) {
        return new RowProcessed(RowProcessed.SCHEMA_VERSION, importId, row, 1, loginId, loginId + "@example.com",
                "First", "First Last", RowOutcome.CREATED, null, List.of(), List.of(), authType, status,
                sendWelcomeEmail, false, Instant.now());
    }

    private static RowProcessed failed(UUID importId, int row, int attempt, String loginId, String email,
                                       String reason) {
        return RowProcessed.notApplied(importId, row, attempt, loginId, email, RowOutcome.FAILED, reason, false,
                Instant.now());
    }

    @Test
    void keepsTheLatestAttemptOfAFailedRowAndForgetsItOnceARetryAppliesIt() {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        publish(failed(importId, 1, 1, "retry" + s, "retry" + s + "@example.com", "Unknown group: Later"));
        publish(failed(importId, 2, 1, "retry" + s, "again" + s + "@example.com", "Unknown group: Later"));
        publish(failed(importId, 2, 2, "retry" + s, "again" + s + "@example.com", "Unknown group: Still later"));
        publish(failed(importId, 2, 1, "retry" + s, "again" + s + "@example.com", "Unknown group: Later"));
        RowProcessed retried = created(importId, 1, "retry" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true);
        publish(new RowProcessed(retried.schemaVersion(), importId, 1, 2, retried.loginId(), retried.email(),
                retried.firstName(), retried.fullName(), RowOutcome.CREATED, null, List.of(), List.of(),
                AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true, false, Instant.now()));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(notifications(importId)).hasSize(1));
        JsonNode failures = json.readTree(http.get().uri("/api/failures?importId={id}", importId).retrieve()
                .body(String.class));
        assertThat(failures.valueStream().map(f -> f.get("rowNumber").asInt() + ": " + f.get("reason").asString()))
                .containsExactly("2: Unknown group: Still later");
    }

    @Test
    void recordsOneFailurePerRowWhenABatchHoldsTheSameRowTwice() {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        RowProcessed first = failed(importId, 1, 1, "twice" + s, "twice" + s + "@example.com", "Unknown group: A");

        failures.record(List.of(first, first, failed(importId, 1, 2, "twice" + s, "twice" + s + "@example.com",
                "Unknown group: B"), first));

        assertThat(jdbc.sql("select attempt || ' ' || reason from import_failure where import_id = :id")
                .param("id", importId).query(String.class).list()).containsExactly("2 Unknown group: B");
    }

    @Test
    void aDryRunSendsNoEmailAndRecordsNoFailure() {
        String s = suffix();
        UUID importId = UUID.randomUUID();
        RowProcessed wouldCreate = created(importId, 1, "dry" + s, AuthType.NATIVE, UserStatus.PENDING_ACTIVATION, true);
        publish(new RowProcessed(wouldCreate.schemaVersion(), importId, 1, 1, wouldCreate.loginId(),
                wouldCreate.email(), "First", null, RowOutcome.CREATED, null, List.of(), List.of(), AuthType.NATIVE,
                UserStatus.PENDING_ACTIVATION, true, true, Instant.now()));
        publish(RowProcessed.notApplied(importId, 2, 1, "dry" + s, "x@example.com", RowOutcome.FAILED,
                "User already exists", true, Instant.now()));
        UUID marker = UUID.randomUUID();
        // same key, so same partition: once this one is recorded, the dry-run results before it were consumed
        publish(failed(marker, 1, 1, "dry" + s, "m@example.com", "marker"));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(http.get().uri("/api/failures?importId={id}", marker)
                .retrieve().body(String.class)).contains("marker"));
        assertThat(notifications(importId)).isEmpty();
        assertThat(http.get().uri("/api/failures?importId={id}", importId).retrieve().body(String.class))
                .isEqualTo("[]");
    }

    @Test
    void readsTheNoteworthyOutcomesOnlyNotEveryOutcomeOfAnImport(@Autowired KafkaAdmin kafkaAdmin) {
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            await().atMost(TIMEOUT).untilAsserted(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("notification-results"))
                        .describedGroups().get("notification-results").get();
                assertThat(group.members()).isNotEmpty();
                assertThat(group.members().stream().flatMap(member -> member.assignment().topicPartitions().stream())
                        .map(TopicPartition::topic).distinct()).containsExactly(Topics.NOTEWORTHY_RESULTS);
            });
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
