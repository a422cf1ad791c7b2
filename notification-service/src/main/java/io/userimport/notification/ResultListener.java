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
 * Turns row outcomes into work for this service: a welcome email queued for each native user
 * left pending activation, a failure recorded for each failed row (its latest attempt). Both are
 * keyed by the row, so a redelivered event queues and records nothing new. Dry runs are ignored.
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

    @KafkaListener(id = "notification-results", topics = Topics.RESULTS)
    public void onResults(List<ConsumerRecord<String, RowProcessed>> records) {
        activity.outcomesArrived();
        PipelineKafka.processEach(records, batch -> transactions.executeWithoutResult(status -> record(batch)));
    }

    private void record(List<RowProcessed> batch) {
        // only noteworthy outcomes need anything here: not a dry run's (what would have happened), nor
        // one the worker marked as nothing to act on (read as OutcomeDeserializer.NOT_NOTEWORTHY)
        List<RowProcessed> events = batch.stream().filter(RowProcessed::noteworthy).toList();
        welcomeEmails.queue(events.stream().filter(RowProcessed::welcomeEmailDue).toList());
        failures.record(events.stream().filter(event -> event.outcome() == RowOutcome.FAILED).toList());
        failures.forgetRetried(events.stream().filter(event -> event.attempt() > 1
                && event.outcome() != RowOutcome.FAILED).toList());
    }
}
