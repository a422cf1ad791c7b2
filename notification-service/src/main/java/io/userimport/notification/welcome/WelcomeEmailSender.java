package io.userimport.notification.welcome;

import io.userimport.notification.config.NotificationProperties;
import io.userimport.notification.mail.MailText;
import io.userimport.notification.mail.Mails;
import jakarta.mail.internet.MimeMessage;
import io.userimport.notification.welcome.WelcomeEmails.Claimed;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Drains the outbox: claims due emails in batches, gives each a fresh single-use token (only its
 * SHA-256 hash is stored), and sends them one by one, marking each SENT as soon as the SMTP
 * server took it. An email the SMTP server refused is tried again later with backoff, up to
 * {@code app.notification.max-attempts}. An email whose sending a crash interrupted is sent
 * again once its lease ({@code app.notification.send-lease}) has passed, with the same
 * Message-ID and a fresh link (the first one, if it went out, no longer works): one sender
 * thread, so a crash sends at most one email twice. While an import's noteworthy outcomes are
 * arriving, one small batch ({@code app.notification.send-batch-size-while-importing}) goes out
 * per {@code app.notification.send-interval} (50 emails a second by default), so that the import
 * keeps the processor; once they stop, the outbox is drained at full speed.
 */
@Component
class WelcomeEmailSender {

    private static final Logger log = LoggerFactory.getLogger(WelcomeEmailSender.class);

    private final WelcomeEmails outbox;
    private final Mails mails;
    private final TransactionTemplate transaction;
    private final NotificationProperties properties;
    private final Clock clock;
    private final MeterRegistry meterRegistry;
    private final ImportActivity activity;
    private static final DateTimeFormatter EXPIRY_FORMAT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final SecureRandom random = new SecureRandom();

    WelcomeEmailSender(WelcomeEmails outbox, Mails mails, TransactionTemplate transaction,
                       NotificationProperties properties, Clock clock, MeterRegistry meterRegistry,
                       ImportActivity activity) {
        this.activity = activity;
        this.outbox = outbox;
        this.mails = mails;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
        this.meterRegistry = meterRegistry;
        for (String status : new String[] {"sent", "retried", "failed"}) {
            meterRegistry.counter("userimport.welcome.emails", "status", status);
        }
    }

    @Scheduled(fixedDelayString = "${app.notification.send-interval:500ms}")
    void sendDue() {
        if (activity.importing()) {
            sendBatch(properties.sendBatchSizeWhileImporting());
            return;
        }
        int claimed;
        do {
            claimed = sendBatch(properties.sendBatchSize());
        } while (claimed == properties.sendBatchSize() && !activity.importing());
    }

    /** Claims a batch of at most {@code size}, gives each email a fresh token, and sends them in file order. */
    private int sendBatch(int size) {
        Instant expiresAt = clock.instant().plus(properties.tokenValidity());
        Map<MimeMessage, Claimed> messages = new LinkedHashMap<>();
        List<Claimed> claimed = transaction.execute(status -> {
            List<Claimed> batch = outbox.claim(size, clock.instant(), properties.sendLease());
            List<String> hashes = new ArrayList<>(batch.size());
            for (Claimed email : batch) {
                String token = newToken();
                hashes.add(sha256(token));
                messages.put(message(email, token, expiresAt), email);
            }
            outbox.storeTokenHashes(batch, hashes, expiresAt);
            return batch;
        });
        if (claimed.isEmpty()) {
            return 0;
        }
        mails.sendEach(List.copyOf(messages.keySet()), message -> {
            outbox.markSent(List.of(messages.get(message)), clock.instant());
            meterRegistry.counter("userimport.welcome.emails", "status", "sent").increment();
        }, (message, failure) -> unsent(messages.get(message), failure));
        return claimed.size();
    }

    private void unsent(Claimed email, Exception failure) {
        boolean giveUp = email.attempts() >= properties.maxAttempts();
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        String error = cause == failure ? failure.getMessage() : failure.getMessage() + " (" + cause.getMessage() + ")";
        outbox.markUnsent(email, error, giveUp, clock.instant());
        meterRegistry.counter("userimport.welcome.emails", "status", giveUp ? "failed" : "retried").increment();
        log.warn("Welcome email for row {} of import {} not sent (attempt {}): {}", email.rowNumber(), email.importId(),
                email.attempts(), error);
    }


    /** The welcome email: the name it greets is shown only if it looks like a person's (see {@link MailText}). */
    private MimeMessage message(Claimed email, String token, Instant expiresAt) {
        String link = UriComponentsBuilder.fromUriString(properties.setPasswordUrl()).queryParam("token", token)
                .build().toUriString();
        String name = MailText.personName(email.firstName() != null ? email.firstName() : email.fullName());
        Map<String, Object> values = new HashMap<>();
        values.put("name", name);
        values.put("loginId", MailText.line(email.loginId(), 254));
        values.put("expires", EXPIRY_FORMAT.format(expiresAt));
        values.put("link", link);
        return mails.write(email.messageId(), properties.from(),
                email.email(), "Welcome: set your password", "welcome", values);
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
