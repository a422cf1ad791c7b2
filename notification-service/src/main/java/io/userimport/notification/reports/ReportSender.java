package io.userimport.notification.reports;

import io.userimport.model.ImportFinished;
import io.userimport.notification.config.NotificationProperties;
import io.userimport.notification.mail.MailText;
import io.userimport.notification.mail.Mails;
import io.userimport.notification.reports.Reports.Claimed;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.mail.MailException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the completion reports: the counts, the first failed rows with their reasons, and links
 * to the job and its {@code failures.csv}. A report the SMTP server refused is tried again with
 * backoff, up to {@code app.notification.max-attempts}. One whose sending a crash interrupted is sent
 * again once its lease ({@code app.notification.send-lease}) has passed, with the same
 * Message-ID: a crash causes at most one duplicate, which mail clients can recognise.
 */
@Component
class ReportSender {

    private static final Logger log = LoggerFactory.getLogger(ReportSender.class);

    private final Reports reports;
    private final Mails mails;
    private final TransactionTemplate transaction;
    private final NotificationProperties properties;
    private final Clock clock;
    private final MeterRegistry meterRegistry;

    ReportSender(Reports reports, Mails mails, TransactionTemplate transaction, NotificationProperties properties,
                 Clock clock, MeterRegistry meterRegistry) {
        this.reports = reports;
        this.mails = mails;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
        this.meterRegistry = meterRegistry;
    }

    @Scheduled(fixedDelayString = "${app.notification.send-interval:500ms}")
    void sendDue() {
        List<Claimed> claimed = transaction.execute(status -> reports.claim(20, clock.instant(), properties.sendLease()));
        for (Claimed report : claimed) {
            ImportFinished event = report.event();
            try {
                mails.sender().send(mails.write("report-" + event.importId() + "-" + event.attempt() + "@user-import",
                        properties.from(), event.reportTo(), subject(event), "report", values(event)));
                reports.markSent(event, clock.instant());
                meterRegistry.counter("userimport.report.emails", "status", "sent").increment();
            } catch (MailException e) {
                boolean giveUp = report.attempts() >= properties.maxAttempts();
                Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
                reports.markUnsent(report, cause.getMessage(), giveUp, clock.instant());
                meterRegistry.counter("userimport.report.emails", "status", giveUp ? "failed" : "retried").increment();
                log.warn("Completion report of import {} not sent (attempt {}): {}", event.importId(),
                        report.attempts(), cause.getMessage());
            }
        }
    }

    private static String subject(ImportFinished event) {
        return (event.dryRun() ? "Dry run " : "Import ") + "of \"" + MailText.line(event.fileName(), 80) + "\" "
                + event.status().toLowerCase() + ": " + event.counts().failed() + " of " + event.counts().total()
                + " rows failed";
    }

    private Map<String, Object> values(ImportFinished event) {
        String job = properties.ingestUrl().toString().replaceAll("/$", "");
        return Map.of(
                "file", MailText.line(event.fileName(), 120),
                "outcome", switch (event.status()) {
                    case "COMPLETED" -> event.dryRun() ? "ran as a dry run: nothing was changed" : "is complete";
                    case "CANCELLED" -> "was cancelled";
                    default -> "failed";
                },
                "counts", event.counts(),
                "error", event.error() == null ? "" : MailText.line(event.error(), 500),
                "failures", event.firstFailures().stream().map(failure -> new Line(failure.rowNumber(),
                        MailText.line(failure.loginId() != null ? failure.loginId()
                                : failure.email() != null ? failure.email() : "no identity", 80),
                        MailText.line(failure.reason(), 300))).toList(),
                "jobLink", job + "/?job=" + event.importId(),
                "failuresLink", job + "/api/imports/" + event.importId() + "/failures.csv",
                "submittedBy", MailText.line(event.submittedBy(), 100));
    }

    /** One failed row as the report shows it, every part made safe. */
    record Line(int rowNumber, String who, String reason) {
    }
}
