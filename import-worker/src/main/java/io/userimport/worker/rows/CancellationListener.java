package io.userimport.worker.rows;

import io.userimport.kafka.PipelineKafka;
import io.userimport.model.ImportCancelled;
import io.userimport.model.ImportEvent;
import io.userimport.model.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Remembers cancelled imports, so that their rows not applied yet end {@code CANCELLED} instead
 * of being applied (see {@link DirectoryBatch}). Recording the same cancellation twice changes nothing.
 */
@Component
class CancellationListener {

    private final JdbcTemplate jdbc;

    CancellationListener(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @KafkaListener(id = "import-worker-cancellations", topics = Topics.IMPORTS,
            concurrency = "1", properties = {PipelineKafka.QUIET_TOPIC,
                    "spring.json.value.default.type=io.userimport.model.ImportEvent"})
    public void onCancellations(List<ConsumerRecord<String, ImportEvent>> records) {
        PipelineKafka.processEach(records, events -> jdbc.batchUpdate("""
                insert into cancelled_import (import_id, cancelled_by, cancelled_at) values (?, ?, ?)
                on conflict do nothing
                """, events.stream().filter(ImportCancelled.class::isInstance)
                .map(ImportCancelled.class::cast).map(event -> new Object[] {event.importId(),
                event.cancelledBy(), java.sql.Timestamp.from(event.cancelledAt())}).toList()));
    }
}
