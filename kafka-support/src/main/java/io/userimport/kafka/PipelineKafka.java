package io.userimport.kafka;

import io.userimport.model.Topics;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.log.LogAccessor;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/** The Kafka plumbing that every service of the pipeline does the same way. */
public final class PipelineKafka {

    private static final LogAccessor LOG = new LogAccessor(PipelineKafka.class);
    /**
     * SQL states of a database that cannot answer now: connection (08), resources (53), operator
     * intervention such as a shutdown (57P), serialization failure and deadlock (40001, 40P01),
     * lock not available (55P03).
     */
    private static final List<String> TRANSIENT_SQL_STATES = List.of("08", "53", "57P", "40001", "40P01", "55P03");

    private PipelineKafka() {
    }

    /**
     * The consumer property of a listener whose topic carries a few events an hour (cancellations,
     * activations, finished imports): an empty fetch waits at the broker for half a second, the
     * client's default, instead of the 100 ms that keeps the row and outcome topics' batches full and
     * their small imports quick. An idle consumer asks the broker ten times a second at 100 ms,
     * which cost about half a percent of a core in its service and as much in the broker, import
     * or not.
     */
    public static final String QUIET_TOPIC = "fetch.max.wait.ms=500";

    /**
     * Every topic of the pipeline ({@link Topics#ALL}). Each service declares them all, so they
     * exist with the same partition count before any listener subscribes; an existing topic is
     * left as it is.
     */
    public static KafkaAdmin.NewTopics allTopics(int partitions, short replicas) {
        return new KafkaAdmin.NewTopics(Topics.ALL.stream()
                .map(name -> TopicBuilder.name(name).partitions(partitions).replicas(replicas).build())
                .toArray(NewTopic[]::new));
    }

    /**
     * Publishes a record that cannot be processed to its topic's dead letter topic
     * ({@link Topics#deadLetterOf}), same partition. A record that could not even be read keeps
     * its original bytes; any other is written as JSON.
     */
    public static DeadLetterPublishingRecoverer deadLetters(KafkaTemplate<Object, Object> template,
                                                            ProducerFactory<Object, Object> producerFactory) {
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        templates.put(byte[].class, bytes(producerFactory));
        templates.put(Object.class, template);
        return new DeadLetterPublishingRecoverer(templates,
                (record, failure) -> new TopicPartition(Topics.deadLetterOf(record.topic()), record.partition()));
    }

    /** How long a service waits for Kafka as it starts: a broker that has not answered by then is left to the first send. */
    public static final Duration CONNECT_WAIT = Duration.ofSeconds(5);

    /**
     * A service's warm-up as it starts: {@code connect} (waiting at most {@link #CONNECT_WAIT}),
     * then {@code rehearse} of {@code rows} synthetic rows, which returns how many it took through
     * and keeps nothing. Nothing for 0 rows; a warm-up that fails only says so.
     */
    public static void warmUp(int rows, BooleanSupplier connect, IntUnaryOperator rehearse) {
        if (rows <= 0) {
            return;
        }
        long start = System.nanoTime();
        try {
            if (!connect.getAsBoolean()) {
                LOG.warn(() -> "Kafka did not answer within %d s as the service started; the first send connects"
                        .formatted(CONNECT_WAIT.toSeconds()));
            }
            int done = rehearse.applyAsInt(rows);
            LOG.info(() -> "Warmed up on %d synthetic rows in %d ms, nothing kept".formatted(done,
                    (System.nanoTime() - start) / 1_000_000));
        } catch (RuntimeException e) {
            LOG.warn(() -> "Warm-up skipped, the first import pays for it: " + rootMessage(e));
        }
    }

    /**
     * Makes the template's producer and has it learn where the topics' partitions are, as a
     * service starts, so that its first send waits for neither. Waits at most {@code wait}: a
     * broker that does not answer by then (a send would wait up to {@code max.block.ms}) leaves
     * it to the first send. Returns whether it was done in time.
     */
    public static boolean connect(KafkaTemplate<?, ?> template, Duration wait, String... topics) {
        CompletableFuture<Void> connected = CompletableFuture.runAsync(() -> {
            for (String topic : topics) {
                template.partitionsFor(topic);
            }
        });
        try {
            connected.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A template that sends values already serialized, with its own producer of the same
     * configuration: for JSON written once and both stored and published.
     */
    @SuppressWarnings("unchecked")
    public static <K> KafkaTemplate<K, byte[]> bytes(ProducerFactory<K, ?> producerFactory) {
        return new KafkaTemplate<>((ProducerFactory<K, byte[]>) producerFactory,
                Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** The index of the first record of a batch whose value could not be read, or the batch size. */
    public static int firstUnreadable(List<? extends ConsumerRecord<?, ?>> records) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() == null) {
                return i;
            }
        }
        return records.size();
    }

    /**
     * How every listener of the pipeline treats a failure. A failure of the infrastructure (the
     * database or the broker unreachable, a deadlock, a timeout: see {@link #isTransient}) is
     * retried with exponential backoff up to every 30 s until it passes, however long that takes,
     * and logged at each attempt: the records wait, none is lost. Any other failure of a record
     * is retried twice within seconds, then handed to {@code recoverer} (which dead-letters it)
     * and its partition moves on.
     */
    public static DefaultErrorHandler errorHandler(ConsumerRecordRecoverer recoverer) {
        ExponentialBackOff untilItPasses = new ExponentialBackOff(1_000, 2);
        untilItPasses.setMaxInterval(30_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, untilItPasses);
        FixedBackOff twice = new FixedBackOff(1_000, 2);
        handler.setBackOffFunction((record, failure) -> isTransient(failure) ? untilItPasses : twice);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
                LOG.warn(() -> "Record %s-%d@%d failed (attempt %d)%s: %s".formatted(record.topic(), record.partition(),
                        record.offset(), attempt, isTransient(failure) ? ", retried until it passes" : "",
                        rootMessage(failure)));
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
                LOG.warn(() -> "A batch of %d records failed (attempt %d)%s: %s".formatted(records.count(), attempt,
                        isTransient(failure) ? ", retried until it passes" : "", rootMessage(failure)));
            }
        });
        return handler;
    }

    /**
     * Processes a batch of readable records as a whole; when that fails for a reason other than
     * the infrastructure, record by record, so that the records before the failing one are done
     * and only it is retried and, failing still, dead-lettered. A transient failure of the whole
     * batch is thrown as it is: the batch is retried until it passes. {@code process} must run in
     * its own transaction, if any.
     */
    public static <T> void processEach(List<? extends ConsumerRecord<?, T>> records, Consumer<List<T>> process) {
        int readable = firstUnreadable(records);
        List<T> values = records.subList(0, readable).stream().map(ConsumerRecord::value).toList();
        try {
            process.accept(values);
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw e;
            }
            for (int i = 0; i < values.size(); i++) {
                try {
                    process.accept(List.of(values.get(i)));
                } catch (RuntimeException single) {
                    throw new BatchListenerFailedException("Record failed: " + rootMessage(single), single, i);
                }
            }
        }
        if (readable < records.size()) {
            throw unreadable(records, readable);
        }
    }

    /**
     * Whether a failure comes from the infrastructure rather than from the record: the database or
     * the broker unreachable or restarting, out of resources, a deadlock or serialization
     * conflict, a timeout. Such a failure passes once the cause is gone, so it is retried, never
     * turned into a failed row.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof TransientDataAccessException || e instanceof RecoverableDataAccessException
                    || e instanceof DataAccessResourceFailureException || e instanceof SQLTransientException
                    || e instanceof SQLRecoverableException || e instanceof RetriableException
                    || e instanceof java.util.concurrent.TimeoutException || e instanceof java.net.ConnectException) {
                return true;
            }
            if (e instanceof SQLException sql && sql.getSQLState() != null
                    && TRANSIENT_SQL_STATES.stream().anyMatch(sql.getSQLState()::startsWith)) {
                return true;
            }
        }
        return false;
    }

    /** The message of a failure's deepest cause. */
    public static String rootMessage(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    public static BatchListenerFailedException unreadable(List<? extends ConsumerRecord<?, ?>> records, int index) {
        return new BatchListenerFailedException("Unreadable event on " + records.get(index).topic(),
                SerializationUtils.getExceptionFromHeader(records.get(index),
                        SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG), index);
    }
}
