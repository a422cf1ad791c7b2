package io.userimport.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker (KRaft mode) running inside this JVM: either a throwaway one
 * on free ports ({@link #start()}), or one that keeps its log in a directory and listens on fixed
 * ports ({@link #startKeeping}), so that the topics, their records and the consumer groups'
 * offsets are there again after a restart.
 */
public final class KafkaBroker implements AutoCloseable {

    /** What every broker of this project is set up with: six partitions and a single replica. */
    private static final Map<String, String> SETTINGS = Map.of(
            "auto.create.topics.enable", "true",
            "num.partitions", "6",
            "offsets.topic.num.partitions", "5",
            "group.initial.rebalance.delay.ms", "0",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1");

    private final Runnable stop;
    private final String bootstrapServers;

    private KafkaBroker(Runnable stop, String bootstrapServers) {
        this.stop = stop;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker on a free port (the KRaft test kit chooses it; {@link #bootstrapServers()} tells it). */
    public static KafkaBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.brokerProperties(SETTINGS);
        broker.afterPropertiesSet();
        return new KafkaBroker(broker::destroy, broker.getBrokersAsString());
    }

    /**
     * Starts a broker whose log lives in {@code directory}, formatted there first if it holds none.
     *
     * @param port           the clients' port (localhost)
     * @param controllerPort the KRaft controller's port (localhost)
     */
    public static KafkaBroker startKeeping(int port, int controllerPort, Path directory) {
        Map<String, Object> properties = new HashMap<>(SETTINGS);
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", directory.toAbsolutePath().toString());
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        KafkaConfig config = new KafkaConfig(properties);
        try {
            if (!Files.exists(directory.resolve("meta.properties"))) {
                Files.createDirectories(directory);
                new Formatter().setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                        .setNodeId(1).setClusterId(Uuid.randomUuid().toString())
                        .setControllerListenerName("CONTROLLER").setMetadataLogDirectory(config.metadataLogDir())
                        .addDirectory(directory.toAbsolutePath().toString()).run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare Kafka's log directory " + directory, e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka's log directory " + directory, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new KafkaBroker(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "localhost:" + port);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public String toString() {
        return "Kafka";
    }

    @Override
    public void close() {
        stop.run();
    }
}
