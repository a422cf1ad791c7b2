package io.userimport.localstack;

import io.userimport.infra.KafkaBroker;
import io.userimport.infra.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one machine, without Docker: a real Kafka broker (KRaft, in this JVM),
 * PostgreSQL (embedded binaries, or the server named by {@code SPRING_DATASOURCE_URL}), a local
 * SMTP inbox with a web page, and the three services as child processes. Ctrl-C stops it all.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final java.util.Set<Integer> PORTS_HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** How each running service was started, by name: how it starts again, or how another instance of it does. */
    private final Map<String, Launch> launches = new LinkedHashMap<>();
    private PostgresServer postgres;
    /** Where this run keeps its data for the next one, or null when it deletes it at the end. */
    private Path keptIn;
    /** Whether this run started on the data a previous run kept. */
    private boolean continued;
    private String kafkaBootstrapServers;
    private String jdbcUrl;
    private MailInbox inbox;
    private String adminPassword;
    private String metricsToken;

    /**
     * Each service's {@code -Xmx}: whatever the file's size, ingest streams it in batches and the
     * others work batch by batch, so these bound them (the benchmark prints each one's peak).
     */
    static final Map<String, String> MAX_HEAP = Map.of("ingest-service", "256m", "import-worker", "512m",
            "notification-service", "512m");

    /** The built-in Administrator's password of the local run when {@code APP_ADMIN_PASSWORD} is not set. */
    public static final String DEFAULT_ADMIN_PASSWORD = "local-admin-password";

    /**
     * Where things listen, a port of 0 meaning any free port, and where the data lives.
     *
     * @param home            the repository root, whose modules' {@code target/} hold the services' jars
     * @param data            where PostgreSQL's data, Kafka's log and the inbox's mails are kept between runs,
     *                        or null for a run that starts empty and deletes them when it stops
     * @param externalJdbcUrl a PostgreSQL to use instead of the embedded one, or null
     * @param accountCacheFor how long the services trust the directory's answer about an account, or null for
     *                        their default (30s)
     */
    public record Settings(Path home, Path data, int postgresPort, int kafkaPort, int kafkaControllerPort,
                           int smtpPort, int inboxPort, int ingestPort, int workerPort, int notificationPort,
                           String externalJdbcUrl, String accountCacheFor) {

        /** The local run's: fixed ports, and the data kept in {@code .local-stack/}. */
        static Settings defaults(Path home) {
            return new Settings(home, home.resolve(".local-stack"), 15432, 9092, 9093, 3025, 8025, 8080, 8081, 8082,
                    System.getenv("SPRING_DATASOURCE_URL"), null);
        }

        /** The tests' and the benchmark's: free ports, and data that goes when the stack stops. */
        public static Settings anyFreePorts(Path home) {
            return new Settings(home, null, 0, 0, 0, 0, 0, freePort(), freePort(), freePort(), null, null);
        }

        /** The same, with the data kept in {@code data} (fixed ports found free now, as a restart needs the same). */
        public static Settings keepingIn(Path home, Path data) {
            return new Settings(home, data, freePort(), freePort(), freePort(), 0, 0, freePort(), freePort(), freePort(),
                    null, null);
        }

        public Settings withAccountCacheFor(String duration) {
            return new Settings(home, data, postgresPort, kafkaPort, kafkaControllerPort, smtpPort, inboxPort,
                    ingestPort, workerPort, notificationPort, externalJdbcUrl, duration);
        }
    }

    /** The kinds of data a local run keeps between runs, each in its directory under {@link Settings#data()}. */
    static final List<String> KEPT = List.of("postgres", "kafka", "mail", "uploads");

    /**
     * Runs the stack until Ctrl-C, on the data of the last run ({@code --fresh}: deleted first);
     * {@code benchmark [rows] [--emails] [--gzip] [--no-small]} instead runs the benchmark and stops.
     */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("stack.home", ".")).toAbsolutePath().normalize();
        LocalStack stack = new LocalStack();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping the local stack");
            stack.close();
            stopped.countDown();
        }));
        boolean benchmark = args.length > 0 && args[0].equals("benchmark");
        boolean fresh = List.of(args).contains("--fresh");
        Settings settings = benchmark ? Settings.anyFreePorts(home) : Settings.defaults(home);
        try {
            if (fresh) {
                forget(settings.data());
            }
            stack.start(settings);
        } catch (RuntimeException e) {
            log.error("The local stack did not start: {}", e.getMessage());
            System.exit(1);
        }
        if (benchmark) {
            int status = 0;
            try {
                new Benchmark(stack).run(Benchmark.Options.parse(args));
            } catch (Exception e) {
                log.error("The benchmark stopped", e);
                status = 1;
            }
            System.exit(status); // stops the stack with its services, by the hook above
        }
        System.out.println(stack.banner(fresh));
        stopped.await();
    }

    public LocalStack start(Settings settings) {
        Path work = settings.home().resolve(".local-stack");
        Path data = settings.data() != null ? settings.data() : temporaryDirectory("user-import-data");
        keptIn = settings.data();
        continued = keptIn != null && Files.exists(data.resolve("postgres").resolve("PG_VERSION"));
        KafkaBroker kafka = settings.data() != null
                ? KafkaBroker.startKeeping(settings.kafkaPort(), settings.kafkaControllerPort(), data.resolve("kafka"))
                : KafkaBroker.start();
        started.add(kafka);
        kafkaBootstrapServers = kafka.bootstrapServers();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        // the services trust each other by the internal token; Prometheus reads metrics with the metrics token
        metricsToken = randomToken();
        common.put("app.security.internal-token", randomToken());
        common.put("app.security.metrics-token", metricsToken);
        common.put("app.security.directory-url", "http://localhost:" + settings.workerPort());
        if (settings.accountCacheFor() != null) {
            common.put("app.security.account-cache-for", settings.accountCacheFor());
        }
        adminPassword = System.getenv().getOrDefault("APP_ADMIN_PASSWORD", DEFAULT_ADMIN_PASSWORD);
        if (settings.externalJdbcUrl() == null) {
            postgres = PostgresServer.startKeeping(settings.postgresPort(), data.resolve("postgres"));
            started.add(postgres);
            jdbcUrl = postgres.jdbcUrl();
            common.put("spring.datasource.url", jdbcUrl);
            common.put("spring.datasource.username", PostgresServer.USER);
            common.put("spring.datasource.password", PostgresServer.PASSWORD);
        } else {
            jdbcUrl = settings.externalJdbcUrl();
        }
        inbox = MailInbox.start(settings.smtpPort(), settings.inboxPort(), data.resolve("mail"));
        started.add(inbox);

        Map<String, String> ingest = new LinkedHashMap<>(common);
        ingest.put("app.ingest.storage-dir", data.resolve("uploads").toString());
        Map<String, String> notification = new LinkedHashMap<>(common);
        notification.put("spring.mail.host", "127.0.0.1");
        notification.put("spring.mail.port", String.valueOf(inbox.smtpPort()));
        notification.put("app.notification.set-password-url",
                "http://localhost:" + settings.notificationPort() + "/set-password");
        notification.put("app.notification.ingest-url", "http://localhost:" + settings.ingestPort());
        // an email whose sending a crash interrupted goes out again after 30 s, not the deployment's 5 min
        notification.put("app.notification.send-lease", "30s");
        Map<String, String> worker = new LinkedHashMap<>(common);
        worker.put("app.admin-password", adminPassword);

        Path logs = work.resolve("logs");
        start("import-worker", settings, settings.workerPort(), worker, logs);
        start("notification-service", settings, settings.notificationPort(), notification, logs);
        start("ingest-service", settings, settings.ingestPort(), ingest, logs);
        for (ServiceProcess service : services.values()) {
            service.awaitHealthy(Duration.ofSeconds(120));
        }
        return this;
    }

    private void start(String name, Settings settings, int port, Map<String, String> properties, Path logs) {
        start(new Launch(name, name, settings, port, properties, logs));
    }

    /**
     * An instance of {@code module}'s service, named {@code name}.
     *
     * @param logs the directory of its log, {@code <name>.log}
     */
    private record Launch(String name, String module, Settings settings, int port, Map<String, String> properties,
                          Path logs) {
    }

    private void start(Launch launch) {
        Path home = launch.settings().home();
        ServiceProcess service = ServiceProcess.start(launch.name(), jar(home, launch.module()), launch.port(),
                MAX_HEAP.get(launch.module()), List.of(home.resolve("local-stack/jvm.options"),
                        home.resolve("local-stack/" + launch.module() + ".jvm.options")),
                launch.properties(), launch.logs());
        started.add(service);
        services.put(launch.name(), service);
        launches.put(launch.name(), launch);
    }

    /**
     * Starts one more instance of a service ({@code import-worker}, say) with the same settings,
     * named {@code import-worker-2}, {@code -3} and so on, and waits until it is healthy. Worker
     * instances share the partitions of the row topic: Kafka gives each of their consumers its own.
     *
     * @return the new instance's name
     */
    public synchronized String startInstance(String module) {
        Launch first = launches.get(module);
        String name = module + "-" + (launches.values().stream().filter(l -> l.module().equals(module)).count() + 1);
        start(new Launch(name, module, first.settings(), freePort(), first.properties(), first.logs()));
        services.get(name).awaitHealthy(Duration.ofSeconds(120));
        return name;
    }

    /** Stops one service (SIGTERM, as a deployment scales down), which is not started again. */
    public synchronized void stop(String name) {
        launches.remove(name);
        ServiceProcess service = services.remove(name);
        started.remove(service);
        service.terminate(Duration.ofSeconds(60));
    }

    /**
     * Stops a service with SIGTERM, as a deployment does, starts it again and returns how long it
     * took to stop (it is killed after 60 s).
     */
    public synchronized Duration terminateAndRestart(String name) {
        Duration stopped = services.get(name).terminate(Duration.ofSeconds(60));
        restart(name);
        return stopped;
    }

    /** Stops the embedded database, as an outage would; the services keep running. */
    public void stopDatabase() {
        postgres.stop();
    }

    /** Starts the embedded database again, with its data, on the same port. */
    public void startDatabase() {
        postgres.restart();
    }

    private Path temporaryDirectory(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            started.add(() -> deleteTree(directory));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes what earlier runs kept in {@code data}, so that this one starts empty (the logs stay). */
    static void forget(Path data) {
        for (String kept : KEPT) {
            deleteTree(data.resolve(kept));
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + directory, e);
        }
    }

    /**
     * Kills a service as {@code kill -9} would (nothing of it runs after), starts it again with the
     * same settings and waits until it is healthy: how the crash tests take a service down.
     */
    public synchronized void killAndRestart(String name) {
        services.get(name).kill();
        restart(name);
    }

    /** Starts a service that has stopped again, with the settings it first had, and waits until it is healthy. */
    private void restart(String name) {
        started.remove(services.get(name));
        start(launches.get(name));
        services.get(name).awaitHealthy(Duration.ofSeconds(120));
    }

    public String url(String service) {
        return services.get(service).url();
    }

    /** The bytes in use in a service's heap, read without asking the service (empty when they cannot be read). */
    OptionalLong heapUsed(String service) {
        return services.get(service).heapUsed();
    }

    /**
     * The processor time each service has used so far, by name, then that of PostgreSQL's
     * processes (when embedded) and of this process (the Kafka broker, the inbox, and a benchmark).
     */
    Map<String, Duration> processorTime() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        services.forEach((name, service) -> cpu.put(name, service.cpu()));
        if (postgres != null) {
            cpu.put("postgresql", ProcessHandle.allProcesses()
                    .filter(process -> process.info().command().orElse("").endsWith("/bin/postgres"))
                    .map(process -> process.info().totalCpuDuration().orElse(Duration.ZERO))
                    .reduce(Duration.ZERO, Duration::plus));
        }
        cpu.put("kafka, inbox, benchmark", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return cpu;
    }

    /**
     * A new connection to the stack's PostgreSQL: the embedded server, or the one of
     * {@code SPRING_DATASOURCE_*} (user and password {@code userimport} when not set).
     */
    Connection connectToDatabase() throws SQLException {
        return postgres != null ? DriverManager.getConnection(jdbcUrl, PostgresServer.USER, PostgresServer.PASSWORD)
                : DriverManager.getConnection(jdbcUrl,
                        System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "userimport"),
                        System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", "userimport"));
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public MailInbox inbox() {
        return inbox;
    }

    /** The built-in Administrator's password ({@code APP_ADMIN_PASSWORD}, or {@link #DEFAULT_ADMIN_PASSWORD}). */
    public String adminPassword() {
        return adminPassword;
    }

    /** The bearer token that reads {@code /actuator/prometheus} of each service (made afresh at each start). */
    public String metricsToken() {
        return metricsToken;
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String banner(boolean fresh) {
        return """

                The user import pipeline is running. Ctrl-C stops everything.

                  ingest-service        %s   (uploads, imports, progress)
                  import-worker         %s   (the user directory)
                  notification-service  %s   (emails, failures)
                  mail inbox            http://localhost:%d   (SMTP on port %d; Mailpit's API under /api/v1/)
                  Kafka                 %s
                  PostgreSQL            %s
                  logs                  .local-stack/logs/

                %s

                Sign in as admin with the password %s
                (APP_ADMIN_PASSWORD%s). Metrics: send "Authorization: Bearer %s".

                Try:  curl -u admin:%s -F file=@samples/users.csv %s/api/imports
                """.formatted(url("ingest-service"), url("import-worker"), url("notification-service"),
                inbox.webPort(), inbox.smtpPort(), kafkaBootstrapServers, jdbcUrl, data(fresh), adminPassword,
                DEFAULT_ADMIN_PASSWORD.equals(adminPassword) ? ", the local run's default" : "", metricsToken,
                adminPassword, url("ingest-service"));
    }

    /** What the banner says of the data: kept or not, and whether this run continues the last one's. */
    private String data(boolean fresh) {
        if (keptIn == null) {
            return "Data: this run's data is deleted when it stops.";
        }
        String kept = "Data: kept in .local-stack/ (PostgreSQL, Kafka's log, the mails, the uploads) for the next run;"
                + "\n./run-local.sh --fresh starts empty.";
        if (postgres == null) { // the database of SPRING_DATASOURCE_URL is kept by whoever runs it, --fresh or not
            kept += "\nThe database is %s's own: --fresh leaves it as it is.".formatted(jdbcUrl);
        } else if (!continued) {
            return kept + "\nThis run started empty" + (fresh ? " (--fresh)." : " (no data from an earlier run).");
        }
        return kept + "\nThis run continues the last one's: %s, %s, %s.".formatted(
                counted(count("select count(*) from ingest.import_job"), "import"),
                counted(count("select count(*) from directory.directory_user where not built_in"), "user"),
                counted(inbox.mails().size(), "mail"));
    }

    private static String counted(long count, String noun) {
        return "%,d %s%s".formatted(count, noun, count == 1 ? "" : "s");
    }

    private long count(String sql) {
        try (Connection connection = connectToDatabase();
             var result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    /** Stops the services first (all at once), then the infrastructure, in reverse order of starting. */
    @Override
    public synchronized void close() {
        quietKafkaShutdown();
        services.values().forEach(ServiceProcess::stop);
        List<AutoCloseable> toStop = new ArrayList<>(started);
        started.clear();
        Collections.reverse(toStop);
        for (AutoCloseable resource : toStop) {
            long start = System.nanoTime();
            try {
                resource.close();
                log.info("Stopped {} in {} ms", resource, (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                log.warn("Could not stop {}: {}", resource, e.getMessage());
            }
        }
    }

    /**
     * At JVM exit the in-process broker's temporary directories are deleted by a shutdown hook of
     * its own, racing its shutdown: the storage errors it then logs are expected, not faults.
     */
    private static void quietKafkaShutdown() {
        for (String name : List.of("kafka", "org.apache.kafka")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.OFF);
            }
        }
    }

    static Path jar(Path home, String module) {
        Path target = home.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No executable jar in " + target
                            + "; build first with ./mvnw -DskipTests package"));
        } catch (IOException e) {
            throw new IllegalStateException("No " + target + "; build first with ./mvnw -DskipTests package", e);
        }
    }

    /**
     * A free port below the kernel's ephemeral range (32768 and up): a port from that range can
     * be taken by any outgoing connection between this check and the service binding it.
     */
    private static int freePort() {
        for (int i = 0; i < 200; i++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_768);
            if (!PORTS_HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IllegalStateException("No free port between 20000 and 32767");
    }
}
