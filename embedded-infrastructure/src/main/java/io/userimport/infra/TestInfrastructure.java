package io.userimport.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Kafka broker and PostgreSQL server that every integration test of this JVM shares:
 * Testcontainers where a Docker engine answers, otherwise an embedded KRaft broker and
 * embedded PostgreSQL binaries. Both are real servers; they start on first use and stop
 * when the JVM exits.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    private static volatile TestInfrastructure instance;

    private final String kafkaBootstrapServers;
    private final String jdbcUrl;
    private final String username;
    private final String password;

    private TestInfrastructure(String kafkaBootstrapServers, String jdbcUrl, String username, String password) {
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    public static TestInfrastructure get() {
        TestInfrastructure current = instance;
        if (current == null) {
            synchronized (TestInfrastructure.class) {
                current = instance;
                if (current == null) {
                    current = start();
                    instance = current;
                }
            }
        }
        return current;
    }

    private static TestInfrastructure start() {
        if (!"false".equals(System.getProperty("tests.docker", "auto")) && dockerAvailable()) {
            log.info("Docker answers: starting Kafka and PostgreSQL with Testcontainers");
            KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.1");
            PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
            kafka.start();
            postgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.stop();
                postgres.stop();
            }));
            return new TestInfrastructure(kafka.getBootstrapServers(), postgres.getJdbcUrl(), postgres.getUsername(),
                    postgres.getPassword());
        }
        log.info("No Docker engine: starting an embedded KRaft broker and embedded PostgreSQL");
        KafkaBroker kafka = KafkaBroker.start();
        PostgresServer postgres = PostgresServer.start(0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            postgres.close();
            kafka.close();
        }));
        return new TestInfrastructure(kafka.bootstrapServers(), postgres.jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }
}
