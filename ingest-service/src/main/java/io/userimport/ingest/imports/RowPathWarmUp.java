package io.userimport.ingest.imports;

import io.userimport.ingest.config.IngestProperties;
import io.userimport.ingest.imports.RowReview.ReviewedRow;
import io.userimport.kafka.PipelineKafka;
import io.userimport.model.ImportMode;
import io.userimport.model.RowOutcome;
import io.userimport.model.RowProcessed;
import io.userimport.model.RowSubmitted;
import io.userimport.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes synthetic rows once through the code every row of an import runs, as the service
 * starts: the file read, review, the look-up of earlier rows, staging, the events as they are
 * published and their outcomes as they are read and counted (by the results listener's own
 * code). Everything it writes is in one transaction that is rolled back, it sends nothing to
 * Kafka and counts nothing in the metrics, so nobody sees it. Kafka's producer is made and
 * told where the topics' partitions are. What it spares is the first import's: classes loaded
 * and initialized, the producer, the JSON (de)serializers built, the statements prepared, the
 * code compiled a first time (a fresh service took 0.34 to 0.39 s to stage the single row of
 * its first import, against 0.05 s for the next). {@code app.ingest.warm-up-rows} rows (0:
 * none); a warm-up that fails only says so.
 */
@Component
class RowPathWarmUp implements ApplicationRunner {

    /** A bcrypt hash of the kind a file may carry. */
    private static final String HASH = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    private final ImportJobs jobs;
    private final ImportRows rows;
    private final RowReview review;
    private final FileDuplicates duplicates;
    private final ResultListener results;
    private final TransactionTemplate transactions;
    private final IngestProperties properties;
    private final Clock clock;
    private final ProducerFactory<?, ?> producerFactory;
    private final ConsumerFactory<?, ?> consumerFactory;
    private final KafkaTemplate<String, Object> kafka;

    RowPathWarmUp(ImportJobs jobs, ImportRows rows, RowReview review, FileDuplicates duplicates,
                  ResultListener results, TransactionTemplate transactions, IngestProperties properties, Clock clock,
                  ProducerFactory<?, ?> producerFactory, ConsumerFactory<?, ?> consumerFactory,
                  KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
        this.jobs = jobs;
        this.rows = rows;
        this.review = review;
        this.duplicates = duplicates;
        this.results = results;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.producerFactory = producerFactory;
        this.consumerFactory = consumerFactory;
    }

    @Override
    public void run(ApplicationArguments args) {
        PipelineKafka.warmUp(properties.warmUpRows(), () -> PipelineKafka.connect(kafka, PipelineKafka.CONNECT_WAIT,
                Topics.ROWS, Topics.RESULTS, Topics.NOTEWORTHY_RESULTS), count -> {
                    try {
                        return rehearse(count);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** Runs {@code count} synthetic rows through the row path and rolls it all back; returns how many were staged. */
    int rehearse(int count) throws IOException {
        Path file = Files.createTempFile("warm-up-", ".csv");
        try {
            Files.writeString(file, csv(count), StandardCharsets.UTF_8);
            HeaderMapping header = CsvFile.readHeader(file, properties.maxRowChars());
            List<Map.Entry<Integer, CSVRecord>> records = new ArrayList<>(count);
            CsvFile.forEachRow(file, properties.maxRowChars(), (rowNumber, record) -> records.add(Map.entry(rowNumber, record)));
            UUID id = UUID.randomUUID();
            List<ReviewedRow> reviewed = duplicates.flag(id, records.stream()
                    .map(row -> review.review(row.getKey(), row.getValue(), header, ImportMode.CREATE_ONLY)).toList(),
                    FileDuplicates.Seen.unknown()); // every key looked up: the look-up is what is warmed
            Integer staged = transactions.execute(status -> {
                status.setRollbackOnly();
                jobs.insert(id, new ImportOptions(ImportMode.CREATE_ONLY, null, false, false, true, true, "warm-up",
                        null, false, "warm-up.csv"), header, clock.instant());
                rows.insert(id, reviewed);
                int failed = ReviewedRow.failed(reviewed);
                jobs.markStagedUpTo(id, reviewed.size(), failed);
                results.count(roundTrip(id, reviewed));
                return rows.page(id, 1, 0, reviewed.size(), false).size();
            });
            return staged == null ? 0 : staged;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Each row's event serialized as it is published, and an outcome for it serialized as the
     * worker publishes it and read back as the results listener reads it; none is sent.
     */
    private List<CountedOutcome> roundTrip(UUID id, List<ReviewedRow> reviewed) {
        try (Serializer<Object> serializer = new JacksonJsonSerializer<>();
             Deserializer<Object> deserializer = new ErrorHandlingDeserializer<>()) {
            serializer.configure(producerFactory.getConfigurationProperties(), false);
            deserializer.configure(consumerFactory.getConfigurationProperties(), false);
            List<CountedOutcome> outcomes = new ArrayList<>(reviewed.size());
            for (ReviewedRow row : reviewed) {
                serializer.serialize(Topics.ROWS, RowSubmitted.of(id, row.rowNumber(), ImportMode.CREATE_ONLY, false,
                        true, row.user()));
                RowProcessed outcome = row.error() != null
                        ? RowProcessed.notApplied(id, row.rowNumber(), 1, row.user().loginId(), row.user().email(),
                        RowOutcome.FAILED, row.error(), false, clock.instant())
                        : new RowProcessed(RowProcessed.SCHEMA_VERSION, id, row.rowNumber(), 1, row.user().loginId(),
                        row.user().email(), row.user().firstName(), row.user().fullName(), RowOutcome.CREATED, null,
                        List.of(), List.of(), row.user().authType(), null, true, false, clock.instant());
                outcomes.add((CountedOutcome) deserializer.deserialize(Topics.RESULTS,
                        serializer.serialize(Topics.RESULTS, outcome)));
            }
            return outcomes;
        }
    }

    /** Rows like an administrator's: groups and units, a tenth with a password hash, some that fail review. */
    static String csv(int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder("login_id,email,first_name,last_name,password_hash,groups,business_units\n");
        for (int i = 1; i <= count; i++) {
            String login = "warm-up-" + run + "-" + (i % 25 == 0 ? i - 1 : i); // now and then a duplicate login id
            csv.append(login).append(',')
                    .append(i % 50 == 1 ? login + "-at-example.com" : login + "@example.com").append(',')
                    .append("First").append(i).append(",Last").append(i).append(',')
                    .append(i % 10 == 0 ? HASH : "").append(',')
                    .append("Warm-up Group ").append(i % 3).append(i % 2 == 0 ? ";Warm-up Group 9" : "").append(',')
                    .append("Warm-up Unit ").append(i % 4).append('\n');
        }
        return csv.toString();
    }
}
