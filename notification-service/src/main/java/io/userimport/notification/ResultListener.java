package io.userimport.notification;

import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.Topics;
import io.userimport.notification.failures.Failures;
import io.userimport.notification.welcome.WelcomeEmails;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns row outcomes into work for this service: a welcome email queued for each native user
 * created pending activation, a failure recorded for each failed row. Both are keyed by the
 * row, so a redelivered event queues and records nothing new.
 */
@Component
class ResultListener {

    private static final LogAccessor LOG = new LogAccessor(ResultListener.class);

    private final WelcomeEmails welcomeEmails;
    private final Failures failures;

    ResultListener(WelcomeEmails welcomeEmails, Failures failures) {
        this.welcomeEmails = welcomeEmails;
        this.failures = failures;
    }

    @KafkaListener(id = "notification-results", topics = Topics.RESULTS)
    @Transactional
    public void onResults(List<ConsumerRecord<String, RowProcessed>> records) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() == null) {
                throw new BatchListenerFailedException("Unreadable result event", SerializationUtils.getExceptionFromHeader(
                        records.get(i), SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG), i);
            }
        }
        List<RowProcessed> events = records.stream().map(ConsumerRecord::value).toList();
        welcomeEmails.queue(events.stream().filter(RowProcessed::welcomeEmailDue).toList());
        failures.record(events.stream().filter(event -> event.outcome() == RowOutcome.FAILED).toList());
    }
}
