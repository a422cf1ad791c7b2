package io.userimport.notification.reports;

import io.userimport.kafka.PipelineKafka;
import io.userimport.model.ImportEvent;
import io.userimport.model.ImportFinished;
import io.userimport.model.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Queues one completion report per finished import attempt; a redelivered event queues nothing. */
@Component
class ReportListener {

    private final Reports reports;

    ReportListener(Reports reports) {
        this.reports = reports;
    }

    @KafkaListener(id = "notification-imports", topics = Topics.IMPORTS,
            concurrency = "1", properties = {PipelineKafka.QUIET_TOPIC,
                    "spring.json.value.default.type=io.userimport.model.ImportEvent"})
    public void onImportEvents(List<ConsumerRecord<String, ImportEvent>> records) {
        PipelineKafka.processEach(records, events -> reports.queue(events.stream()
                .filter(ImportFinished.class::isInstance).map(ImportFinished.class::cast).toList()));
    }
}
