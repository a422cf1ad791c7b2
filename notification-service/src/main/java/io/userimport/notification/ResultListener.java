package io.userimport.notification;

import io.userimport.kafka.PipelineKafka;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.Topics;
import io.userimport.notification.failures.Failures;
import io.userimport.notification.welcome.ImportActivity;
import io.userimport.notification.welcome.WelcomeEmails;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns noteworthy row outcomes ({@link Topics#NOTEWORTHY_RESULTS}; the others, most of a large
 * import's, never reach this service) into work for this service: a welcome email queued for
 * each native user left pending activation, a failure recorded for each failed row (its latest
 * attempt), a failure forgotten when a retry of its row succeeded. All are keyed by the row, so a
 * redelivered event queues and records nothing new. Dry runs are ignored.
 */
@Component
class ResultListener {

    private final WelcomeEmails welcomeEmails;
    private final Failures failures;
    private final TransactionTemplate transactions;
    private final ImportActivity activity;

    ResultListener(WelcomeEmails welcomeEmails, Failures failures, TransactionTemplate transactions,
                   ImportActivity activity) {
        this.activity = activity;
        this.transactions = transactions;
        this.welcomeEmails = welcomeEmails;
        this.failures = failures;
    }

    @KafkaListener(id = "notification-results", topics = Topics.NOTEWORTHY_RESULTS)
    public void onResults(List<ConsumerRecord<String, RowProcessed>> records) {
        activity.outcomesArrived();
        PipelineKafka.processEach(records, batch -> transactions.executeWithoutResult(status -> record(batch)));
    }

    private void record(List<RowProcessed> batch) {
        // producers publish only noteworthy outcomes here; one that is not (a dry run's) must still never
        // queue an email or record a failure, whoever sent it
        List<RowProcessed> events = batch.stream().filter(RowProcessed::noteworthy).toList();
        welcomeEmails.queue(events.stream().filter(RowProcessed::welcomeEmailDue).toList());
        failures.record(events.stream().filter(event -> event.outcome() == RowOutcome.FAILED).toList());
        failures.forgetRetried(events.stream().filter(event -> event.attempt() > 1
                && event.outcome() != RowOutcome.FAILED).toList());
    }
}
