package io.userimport.notification.welcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.userimport.infra.RealInfrastructureInitializer;
import io.userimport.notification.TestSmtp;
import io.userimport.notification.config.NotificationProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(properties = "app.notification.send-interval=100ms")
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
@org.springframework.context.annotation.Import(io.userimport.security.TestAccounts.InPlaceOfTheDirectory.class)
class WelcomeEmailRetryIntegrationTests {

    private static final GreenMail smtp = TestSmtp.server();

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        TestSmtp.register(registry);
    }

    @Autowired
    WelcomeEmails outbox;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    NotificationProperties properties;
    @Autowired
    JdbcClient jdbc;

    @Test
    void retriesAnEmailTheSmtpServerRefusedAndSendsItOnce() {
        UUID importId = UUID.randomUUID();
        String address = "retry-" + importId.toString().substring(0, 8) + "@example.com";
        // due only for a sender whose clock runs two hours ahead: the application's own sender leaves it alone
        jdbc.sql("""
                insert into welcome_email (import_id, row_number, login_id, email, status, next_attempt_at)
                values (:id, 1, :login, :email, 'PENDING', now() + interval '1 hour')
                """).param("id", importId).param("login", address).param("email", address).update();
        JavaMailSenderImpl unreachable = new JavaMailSenderImpl();
        unreachable.setHost("127.0.0.1");
        unreachable.setPort(1);
        Clock ahead = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);

        new WelcomeEmailSender(outbox, new io.userimport.notification.mail.Mails(unreachable), transaction, properties,
                ahead, new SimpleMeterRegistry(), new ImportActivity(ahead, properties)).sendDue();

        Map<String, Object> refused = jdbc.sql("select status, attempts, error, token_hash from welcome_email "
                + "where import_id = :id").param("id", importId).query().singleRow();
        assertThat(refused.get("status")).isEqualTo("PENDING");
        assertThat(refused.get("attempts")).isEqualTo(1);
        assertThat((String) refused.get("error")).contains("Connection refused");
        assertThat(refused.get("token_hash")).isNull();

        jdbc.sql("update welcome_email set next_attempt_at = now() where import_id = :id").param("id", importId).update();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
                "select status || ' ' || attempts from welcome_email where import_id = :id").param("id", importId)
                .query(String.class).single()).isEqualTo("SENT 2"));
        assertThat(smtp.getReceivedMessagesForDomain(address)).hasSize(1);
    }

    @Test
    void anEmailWhoseSendingACrashInterruptedIsSentAgainWithTheSameMessageIdAndAFreshLink() throws Exception {
        UUID importId = UUID.randomUUID();
        String address = "lease-" + importId.toString().substring(0, 8) + "@example.com";
        // claimed by a sender that died while sending: SENDING, a token already handed out, the lease run out
        jdbc.sql("""
                insert into welcome_email (import_id, row_number, login_id, email, status, attempts, token_hash,
                                           token_expires_at, lease_until)
                values (:id, 1, :login, :email, 'SENDING', 1, 'first-token-hash', now() + interval '1 day',
                        now() - interval '1 second')
                """).param("id", importId).param("login", address).param("email", address).update();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(smtp.getReceivedMessagesForDomain(address)).hasSize(1));
        assertThat(smtp.getReceivedMessagesForDomain(address)[0].getHeader("Message-ID"))
                .containsExactly("<welcome-" + importId + "-1@user-import>");
        Map<String, Object> sent = jdbc.sql("select status, attempts, token_hash from welcome_email where import_id = :id")
                .param("id", importId).query().singleRow();
        assertThat(sent.get("status")).isEqualTo("SENT");
        assertThat(sent.get("attempts")).isEqualTo(2);
        assertThat(sent.get("token_hash")).as("the first link no longer works").isNotEqualTo("first-token-hash");
    }

    @Test
    void whileOutcomesArriveOneSmallBatchGoesOutPerIntervalAndTheRestOnceTheyStop() {
        UUID importId = UUID.randomUUID();
        String domain = "paced-" + importId.toString().substring(0, 8) + ".example.com";
        for (int row = 1; row <= 7; row++) { // due only for a sender whose clock runs two days ahead
            jdbc.sql("""
                    insert into welcome_email (import_id, row_number, login_id, email, status, next_attempt_at)
                    values (:id, :row, :login, :email, 'PENDING', now() + interval '1 day')
                    """).param("id", importId).param("row", row).param("login", "paced-" + row)
                    .param("email", "paced-" + row + "@" + domain).update();
        }
        Clock ahead = Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC);
        NotificationProperties paced = new NotificationProperties(properties.from(), properties.setPasswordUrl(),
                properties.ingestUrl(), properties.tokenValidity(), properties.sendInterval(), 3, 1,
                properties.maxAttempts(), properties.sendLease(), properties.passwordHashStrength(),
                properties.topicPartitions(), properties.topicReplicas());
        ImportActivity importing = new ImportActivity(ahead, paced);
        importing.outcomesArrived();

        sender(paced, ahead, importing).sendDue();
        assertThat(sent(importId)).as("one batch of one while outcomes arrive, not one of three").isLessThanOrEqualTo(1);

        sender(paced, ahead, new ImportActivity(ahead, paced)).sendDue();
        assertThat(sent(importId)).as("the rest at once, batch after batch, when none arrive").isEqualTo(7);
        assertThat(smtp.getReceivedMessagesForDomain(domain)).hasSize(7);
    }

    private WelcomeEmailSender sender(NotificationProperties settings, Clock clock, ImportActivity activity) {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(smtp.getSmtp().getPort());
        return new WelcomeEmailSender(outbox, new io.userimport.notification.mail.Mails(mail), transaction, settings,
                clock, new SimpleMeterRegistry(), activity);
    }

    private long sent(UUID importId) {
        return jdbc.sql("select count(*) from welcome_email where import_id = :id and status = 'SENT'")
                .param("id", importId).query(Long.class).single();
    }
}
