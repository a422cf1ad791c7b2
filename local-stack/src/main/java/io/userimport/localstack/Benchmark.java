package io.userimport.localstack;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.postgresql.PGConnection;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.JsonNode;

/**
 * Measures the pipeline on this machine against the plainest load of the same rows. For each
 * size (1,000, 20,000 and the size asked for, then 1,000 and 20,000 again on the services the
 * large file has warmed) it generates a file of new users (each with 1 to 3
 * groups and a business unit, a tenth with a password hash, about 3% of rows that fail), loads
 * it the plain way ({@code COPY} into a staging table, then {@code INSERT ... SELECT} for users
 * and memberships, on one connection), imports it through the pipeline, and prints the wall
 * times, their ratio, each stage's rows per second, the time to the first outcome, welcome
 * emails per second, each service's peak heap and processor time.
 */
final class Benchmark {

    static final int GROUPS = 20;
    static final int UNITS = 10;
    /** A valid bcrypt hash (cost 10), given to every tenth user: stored as it is, never computed. */
    static final String HASH = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
    private static final List<String> SERVICES = List.of("ingest-service", "import-worker", "notification-service");

    /**
     * @param rows   the size of the main run (the 1,000 and 20,000-row runs come first)
     * @param emails whether the main run's new users get welcome emails (the small runs always do)
     * @param gzip   whether the main run uploads its file compressed ({@code .csv.gz})
     * @param small  whether the 1,000 and 20,000-row runs come first (and again after the main run)
     */
    record Options(int rows, boolean emails, boolean gzip, boolean small) {

        static Options parse(String[] args) {
            int rows = 1_000_000;
            boolean emails = false;
            boolean gzip = false;
            boolean small = true;
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--emails" -> emails = true;
                    case "--gzip" -> gzip = true;
                    case "--no-small" -> small = false;
                    case "no-emails", "--no-emails" -> emails = false;
                    default -> rows = Integer.parseInt(args[i].replace("_", "").replace(",", ""));
                }
            }
            return new Options(rows, emails, gzip, small);
        }
    }

    /** What one import of one file measured. */
    record Figures(int rows, long bytes, double plainSeconds, double pipelineSeconds, double accepted,
                   double firstOutcome, Map<String, double[]> stages, EmailTimes emailTimes,
                   Map<String, Double> peakHeap, Map<String, Double> cpuSeconds, long created, long failed) {

        double ratio() {
            return pipelineSeconds / plainSeconds;
        }
    }

    private final LocalStack stack;
    private final AdminClient admin;

    Benchmark(LocalStack stack) {
        this.stack = stack;
        this.admin = new AdminClient(stack);
    }

    void run(Options options) throws Exception {
        createGroupsAndUnits();
        // each file's figures with how many rows the services had imported before it: the first files meet
        // services that have just started, whose JIT compilers are still at work on the code every row runs
        List<Measured> all = new ArrayList<>();
        long imported = options.small() ? measureSmallFiles(all, 0, options.rows()) : 0;
        List<Double> oneRow = new ArrayList<>();
        if (options.small()) {
            System.out.printf("%n1 row, three times on the warmed stack%n");
            for (int i = 0; i < 3; i++) {
                oneRow.add(oneRow());
                imported++;
            }
        }
        Figures main = measure(options.rows(), options.emails(), options.gzip());
        all.add(new Measured(main, imported));
        if (options.small() && options.rows() > 20_000) {
            System.out.printf("%n1,000 and 20,000 rows again, on services the %,d rows have warmed%n", options.rows());
            measureSmallFiles(all, imported + options.rows(), Integer.MAX_VALUE);
        }
        System.out.printf("%nSummary (%d cores, %s %s, Java %s)%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        if (!oneRow.isEmpty()) {
            System.out.printf("  1 row: upload to COMPLETED in %s%n",
                    String.join(", ", oneRow.stream().map(s -> "%.2f s".formatted(s)).toList()));
        }
        System.out.printf("  %12s %10s %10s %8s %14s %12s %16s%n", "rows", "plain", "pipeline", "ratio", "first outcome",
                "rows/s", "imported before");
        for (Measured measured : all) {
            Figures f = measured.figures();
            System.out.printf("  %,12d %8.2f s %8.2f s %8.2f %12.2f s %,12.0f %,16d%n", f.rows(), f.plainSeconds(),
                    f.pipelineSeconds(), f.ratio(), f.firstOutcome(), f.rows() / f.pipelineSeconds(),
                    measured.importedBefore());
        }
        System.out.printf("ratio to plain load: %.2f%n", main.ratio());
    }

    /**
     * Measures the files of 1,000 and 20,000 rows (with welcome emails) that are smaller than
     * {@code below}, after {@code imported} rows; returns how many rows the services have imported then.
     */
    private long measureSmallFiles(List<Measured> all, long imported, int below) throws Exception {
        for (int size : new int[] {1_000, 20_000}) {
            if (size < below) {
                all.add(new Measured(measure(size, true, false), imported));
                imported += size;
            }
        }
        return imported;
    }

    /** A file's figures, and how many rows the services had imported before it. */
    private record Measured(Figures figures, long importedBefore) {
    }

    private void createGroupsAndUnits() {
        String worker = stack.url("import-worker");
        for (int i = 1; i <= GROUPS; i++) {
            admin.post(worker + "/api/groups", Map.of("name", "Benchmark Group " + i)); // 409 when it exists
        }
        for (int i = 1; i <= UNITS; i++) {
            admin.post(worker + "/api/business-units", Map.of("name", "Benchmark Unit " + i));
        }
    }

    /** The time from the upload's first byte to {@code COMPLETED} of an import of one new user, with groups. */
    private double oneRow() throws Exception {
        Path file = Files.createTempFile("benchmark-user-", ".csv");
        try {
            String login = "one-" + UUID.randomUUID().toString().substring(0, 8);
            Files.writeString(file, "login_id,email,first_name,last_name,groups,business_units\n%s,%s@example.com,One,Row,"
                    .formatted(login, login) + "Benchmark Group 1;Benchmark Group 2,Benchmark Unit 1\n");
            return importFile(file, 1, 0, Double.NaN).pipelineSeconds();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Figures measure(int rows, boolean emails, boolean gzip) throws Exception {
        Path file = Files.createTempFile("benchmark-users-", gzip ? ".csv.gz" : ".csv");
        try {
            long welcomeEmails = generate(file, rows, gzip);
            long expectedEmails = emails ? welcomeEmails : 0;
            System.out.printf("%n%,d rows (%,d bytes%s)%n", rows, Files.size(file), gzip ? ", gzip" : "");
            double plain = plainLoad(file, gzip);
            System.out.printf("  plain load (COPY, INSERT ... SELECT, one connection): %.2f s%n", plain);
            Figures figures = importFile(file, rows, expectedEmails, plain);
            print(figures);
            return figures;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Writes {@code rows} users: each with 1 to 3 of the benchmark's groups and one business unit,
     * every tenth with a password hash (the others get a welcome email); every 100th row has an
     * invalid email (it fails review) and every 50th an unknown group (it fails in the directory).
     * Returns how many welcome emails the import sends.
     */
    static long generate(Path file, int rows, boolean gzip) throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream stream = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("login_id,email,first_name,last_name,password_hash,groups,business_units\n");
            StringBuilder line = new StringBuilder(200);
            long emails = 0;
            for (int i = 1; i <= rows; i++) {
                boolean invalidEmail = i % 100 == 1;
                boolean unknownGroup = i % 50 == 2;
                boolean hash = i % 10 == 0;
                emails += invalidEmail || unknownGroup || hash ? 0 : 1;
                String login = "u" + run + "-" + i;
                line.setLength(0);
                line.append(login).append(',');
                line.append(invalidEmail ? login + "-at-example.com" : login + "@example.com").append(',');
                line.append("First").append(i).append(",Last").append(i).append(',');
                line.append(hash ? HASH : "").append(',');
                for (int g = 0; g <= i % 3; g++) {
                    line.append(g > 0 ? ";" : "").append("Benchmark Group ").append((i + g * 7) % GROUPS + 1);
                }
                line.append(unknownGroup ? ";No Such Group" : "").append(',');
                line.append("Benchmark Unit ").append(i % UNITS + 1).append('\n');
                out.append(line);
            }
            return emails;
        }
    }

    /**
     * Loads the file's users the fastest plain way, into the directory's own tables (with login
     * ids and emails prefixed so that they do not meet the pipeline's): {@code COPY} into a
     * temporary table whose rows draw their user ids from the directory's sequence, then one
     * {@code INSERT ... SELECT} for the users and one for each kind of membership (joined to the
     * 20 groups or 10 units by name), in one transaction on one connection. Returns its wall
     * time in seconds. The vacuum it leaves to the database (the tables' visibility maps and
     * statistics) runs after it, untimed, so that autovacuum does not run it while the pipeline imports.
     */
    private double plainLoad(Path file, boolean gzip) throws IOException, SQLException {
        long start = System.nanoTime();
        Map<String, Double> steps = new LinkedHashMap<>();
        double wall;
        double vacuum;
        try (Connection connection = stack.connectToDatabase();
             Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("""
                    create temporary table plain_rows (login_id text, email text, first_name text, last_name text,
                        password_hash text, groups text, business_units text) on commit drop""");
            long step = System.nanoTime();
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
                 Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy plain_rows from stdin (format csv, header true)", reader, 1 << 16);
            }
            // each user's id drawn first, so memberships need no lookup of the users just inserted
            sql.execute("alter table plain_rows add column id bigint not null"
                    + " default nextval('directory.directory_user_id_seq')");
            step = lap(steps, "copy", step);
            sql.execute("""
                    insert into directory.directory_user (id, login_id, email, first_name, last_name, full_name,
                        auth_type, password_hash, status, login_key, email_key)
                    select id, 'plain-' || login_id, 'plain-' || email, first_name, last_name,
                           first_name || ' ' || last_name, 'NATIVE', '{bcrypt}' || nullif(password_hash, ''),
                           case when password_hash = '' or password_hash is null then 'PENDING_ACTIVATION'
                                else 'ACTIVE' end,
                           lower('plain-' || login_id), lower('plain-' || email)
                    from plain_rows""");
            step = lap(steps, "users", step);
            membership(sql, "user_group_member", "group_id", "user_group", "groups");
            step = lap(steps, "groups", step);
            membership(sql, "user_business_unit", "business_unit_id", "business_unit", "business_units");
            step = lap(steps, "units", step);
            connection.commit();
            lap(steps, "commit", step);
            wall = (System.nanoTime() - start) / 1e9;
            // done now, not by autovacuum while the pipeline imports: in one million-row run it took 2.2 s of
            // PostgreSQL's processor time there
            connection.setAutoCommit(true);
            sql.execute("vacuum (analyze) directory.directory_user, directory.user_group_member,"
                    + " directory.user_business_unit");
            vacuum = (System.nanoTime() - start) / 1e9 - wall;
        }
        StringBuilder line = new StringBuilder("  plain load steps:");
        steps.forEach((name, seconds) -> line.append(" %s %.1f s,".formatted(name, seconds)));
        System.out.println(line.substring(0, line.length() - 1) + "; then its vacuum, not counted, %.1f s"
                .formatted(vacuum));
        return wall;
    }

    private static long lap(Map<String, Double> steps, String name, long since) {
        long now = System.nanoTime();
        steps.put(name, (now - since) / 1e9);
        return now;
    }

    private static void membership(Statement sql, String table, String column, String named, String cell)
            throws SQLException {
        sql.execute("""
                insert into directory.%s (user_id, %s)
                select r.id, n.id from plain_rows r
                cross join lateral unnest(string_to_array(r.%s, ';')) as c(name)
                join directory.%s n on n.name_key = lower(c.name)""".formatted(table, column, cell, named));
    }

    /** The rows the workers applied, by their metrics. */
    private long applied() {
        return (long) scrape("import-worker", "userimport_rows_applied").sum("userimport_rows_applied_total", null);
    }

    private Figures importFile(Path file, int rows, long expectedEmails, double plain) throws Exception {
        boolean emails = expectedEmails > 0;
        long appliedBefore = applied();
        long sentBefore = sent();
        Map<String, Duration> cpuBefore = stack.processorTime();
        Map<String, Double> peakHeap = new LinkedHashMap<>();
        Map<String, double[]> stages = new LinkedHashMap<>();
        for (String stage : List.of("review and staging", "publish", "apply (worker)", "results counted")) {
            stages.put(stage, new double[] {Double.NaN, Double.NaN});
        }

        statements(false);
        Map<String, Long> requestsBefore = brokerRequests();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        JsonNode accepted = AdminClient.JSON.readTree(admin.upload(new FileSystemResource(file),
                Map.of("sendWelcomeEmails", String.valueOf(emails))).getBody());
        double acceptedAt = seconds(start);
        if (!accepted.has("id")) {
            throw new IllegalStateException("Upload refused: " + accepted);
        }
        String id = accepted.get("id").asString();
        double firstOutcome = Double.NaN;
        JsonNode job;
        String status;
        String lastLine = "";
        double nextScrape = 0;
        do {
            Thread.sleep(pollDelay(seconds(start)));
            job = admin.job(id);
            status = job.get("status").asString();
            double now = seconds(start);
            boolean staged = job.path("stagedRows").asLong() >= rows;
            track(stages.get("review and staging"), job.path("stagedRows").asLong(), rows, now);
            track(stages.get("publish"), job.path("publishedRows").asLong(), staged ? rows : Long.MAX_VALUE, now);
            track(stages.get("results counted"), job.path("processedRows").asLong(), rows, now);
            boolean scrapeDue = now >= nextScrape || status.equals("COMPLETED");
            sampleHeap(peakHeap, scrapeDue);
            if (scrapeDue) {
                track(stages.get("apply (worker)"), applied() - appliedBefore,
                        staged ? rows - job.path("invalidRows").asLong() : Long.MAX_VALUE, now);
                nextScrape = now + Math.max(0.2, Math.min(1.0, now / 10)); // within 10% of the moment named
            }
            if (Double.isNaN(firstOutcome) && job.path("processedRows").asLong() > 0) {
                firstOutcome = now;
            }
            String line = "%-10s %3d%%".formatted(status, job.path("percentComplete").asInt() / 10 * 10);
            if (!line.equals(lastLine)) {
                System.out.printf("  %7.2f s  %s  %,d rows have their outcome%s%n", now, line,
                        job.path("processedRows").asLong(), job.has("rowsPerSecond")
                                ? ", %,.0f rows/s".formatted(job.path("rowsPerSecond").asDouble()) : "");
                lastLine = line;
            }
        } while (!status.equals("COMPLETED") && !status.equals("FAILED"));
        if (status.equals("FAILED")) {
            throw new IllegalStateException("Import failed: " + job);
        }
        // the moment the service completed the job, not the look that saw it: exact whatever the looks' pace
        double completed = Duration.between(startedAt, Instant.parse(job.get("finishedAt").asString())).toNanos() / 1e9;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (emails && System.nanoTime() < deadline) {
            if (sent() - sentBefore >= expectedEmails) {
                break;
            }
            sampleHeap(peakHeap, true);
            Thread.sleep(1000);
        }
        EmailTimes emailTimes = emails ? emailTimes(id, startedAt, completed) : null;
        statements(true);
        printBrokerRequests(requestsBefore);
        Map<String, Double> cpu = new LinkedHashMap<>();
        stack.processorTime().forEach((name, used) -> cpu.put(name, (used.toMillis() - cpuBefore.get(name).toMillis())
                / 1000.0));
        return new Figures(rows, Files.size(file), plain, completed, acceptedAt, firstOutcome, stages, emailTimes,
                peakHeap, cpu, job.path("created").asLong(), job.path("failed").asLong());
    }

    /** When an import's welcome emails went out, in seconds from its upload, and how many once it was complete. */
    record EmailTimes(long sent, double first, double last, long afterCompleted) { }

    /**
     * The welcome emails' times by their own {@code sent_at}, exact whatever the pace of the looks
     * (the benchmark counts the emails sent only once the import is complete, not to take
     * processor time from it).
     */
    private EmailTimes emailTimes(String importId, Instant startedAt, double completed) throws SQLException {
        try (Connection connection = stack.connectToDatabase();
             PreparedStatement query = connection.prepareStatement("""
                     select count(*), extract(epoch from min(sent_at) - ?), extract(epoch from max(sent_at) - ?),
                            count(*) filter (where sent_at > ?)
                     from notification.welcome_email where import_id = ? and sent_at is not null""")) {
            Timestamp start = Timestamp.from(startedAt);
            query.setTimestamp(1, start);
            query.setTimestamp(2, start);
            query.setTimestamp(3, Timestamp.from(startedAt.plusNanos((long) (completed * 1e9))));
            query.setObject(4, UUID.fromString(importId));
            try (ResultSet times = query.executeQuery()) {
                times.next();
                return new EmailTimes(times.getLong(1), times.getDouble(2), times.getDouble(3), times.getLong(4));
            }
        }
    }

    /** With -Dpostgres.statements=true: prints the statements that took the database's time, and resets. */
    private void statements(boolean print) throws SQLException {
        if (!Boolean.getBoolean("postgres.statements")) {
            return;
        }
        try (Connection connection = stack.connectToDatabase();
             Statement sql = connection.createStatement()) {
            sql.execute("create extension if not exists pg_stat_statements");
            if (print) {
                System.out.println("  statements by database time:");
                try (ResultSet top = sql.executeQuery("""
                        select total_exec_time / 1000, calls, rows, max_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 160)
                        from pg_stat_statements order by total_exec_time desc limit 25""")) {
                    while (top.next()) {
                        System.out.printf("  %8.2f s %9d calls %10d rows %8.0f ms max  %s%n", top.getDouble(1),
                                top.getLong(2), top.getLong(3), top.getDouble(4), top.getString(5));
                    }
                }
            }
            sql.execute("select pg_stat_statements_reset()");
        }
    }

    /**
     * With -Dkafka.requests=true: the requests the broker (in this process) has handled so far, by
     * type, from its own request metrics; empty otherwise.
     */
    private static Map<String, Long> brokerRequests() throws JMException {
        Map<String, Long> counts = new TreeMap<>();
        if (!Boolean.getBoolean("kafka.requests")) {
            return counts;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : server.queryNames(
                new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
            counts.merge(name.getKeyProperty("request"), (Long) server.getAttribute(name, "Count"), Long::sum);
        }
        return counts;
    }

    /** With -Dkafka.requests=true: prints the requests the broker handled since {@code before}, by type. */
    private static void printBrokerRequests(Map<String, Long> before) throws JMException {
        if (!Boolean.getBoolean("kafka.requests")) {
            return;
        }
        StringBuilder line = new StringBuilder("  broker requests:");
        brokerRequests().forEach((request, count) -> {
            long handled = count - before.getOrDefault(request, 0L);
            if (handled > 0) {
                line.append(" %s %,d,".formatted(request, handled));
            }
        });
        System.out.println(line.substring(0, line.length() - 1));
    }

    /** Records when a counter first moved and when it reached its end. */
    private static void track(double[] span, long count, long end, double now) {
        if (Double.isNaN(span[0]) && count > 0) {
            span[0] = now;
        }
        if (Double.isNaN(span[1]) && count >= end) {
            span[1] = now;
        }
    }

    private void print(Figures f) {
        System.out.printf("  upload answered 202          %8.2f s%n", f.accepted());
        System.out.printf("  first outcome                %8.2f s%n", f.firstOutcome());
        System.out.printf("  upload to COMPLETED          %8.2f s   %,10.0f rows/s   (created %,d, failed %,d)%n",
                f.pipelineSeconds(), f.rows() / f.pipelineSeconds(), f.created(), f.failed());
        System.out.printf("  ratio to plain load: %.2f%n", f.ratio());
        System.out.printf("  %-22s %9s %9s %12s%n", "stage", "from", "to", "rows/s");
        f.stages().forEach((stage, span) -> System.out.printf("  %-22s %7.2f s %7.2f s %,12.0f%n", stage, span[0],
                span[1], f.rows() / Math.max(span[1] - span[0], 0.01)));
        if (f.emailTimes() != null) {
            EmailTimes t = f.emailTimes();
            System.out.printf("  welcome emails %,d, the first at %.2f s, the last at %.2f s; %,d while the rows were"
                    + " imported, %,d after COMPLETED at %,.0f emails/s%n", t.sent(), t.first(), t.last(),
                    t.sent() - t.afterCompleted(), t.afterCompleted(),
                    t.afterCompleted() / Math.max(t.last() - f.pipelineSeconds(), 0.01));
        }
        f.peakHeap().forEach((service, bytes) -> System.out.printf("  peak heap %-22s %6.0f MiB of -Xmx%s%n", service,
                bytes / (1024 * 1024), LocalStack.MAX_HEAP.get(service)));
        f.cpuSeconds().forEach((process, seconds) -> System.out.printf("  processor time %-24s %7.1f s%n", process,
                seconds));
    }

    private long sent() {
        return (long) scrape("notification-service", "userimport_welcome_emails").sum("userimport_welcome_emails_total",
                "status=\"sent\"");
    }

    /**
     * A service's metrics as Prometheus reads them, with the metrics token, where an Administrator's
     * sign-in would cost the service a password hash. A sample still costs it about 10 ms of
     * processor time, even for one metric (the service collects every meter, then keeps the one
     * asked for): hence at most five a second, and one a second after the first ten seconds, and
     * the heaps read from the JVMs' own counters instead.
     */
    private Scrape scrape(String service, String metric) {
        return new Scrape(admin.metrics(service, metric));
    }

    /** The Prometheus text format: one sample per line, {@code name{labels} value}. */
    record Scrape(String text) {

        /** The sum of the samples of {@code name} whose labels contain {@code label} (any, when null). */
        double sum(String name, String label) {
            double sum = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                    String labels = line.indexOf('}') > 0 ? line.substring(0, line.indexOf('}')) : "";
                    if (label == null || labels.contains(label)) {
                        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
            }
            return sum;
        }
    }

    /**
     * Each service's heap in use, from its JVM's own counters ({@link PerfCounters}: free for the
     * service, so it is read at every look at the job); from its metrics, when a scrape is due, if
     * they cannot be read.
     */
    private void sampleHeap(Map<String, Double> peak, boolean scrapeDue) {
        for (String service : SERVICES) {
            OptionalLong used = stack.heapUsed(service);
            if (used.isPresent()) {
                peak.merge(service, (double) used.getAsLong(), Math::max);
            } else if (scrapeDue) {
                peak.merge(service, scrape(service, "jvm_memory_used_bytes").sum("jvm_memory_used_bytes",
                        "area=\"heap\""), Math::max);
            }
        }
    }

    /**
     * How long to wait before the next look at a running import: 2% of the time it has run so
     * far, from 20 ms to 1 s. Every stage time printed is then within 2% of the moment it names,
     * while the requests stay few: each one costs the ingest service 5 to 8 ms of processor time
     * that the import's own figures should not carry (a fixed 20 ms was 50 requests a second
     * through the first seconds, when the services' code is still being compiled). The time to
     * {@code COMPLETED} is the job's own {@code finishedAt}, exact whatever the pace.
     */
    static long pollDelay(double elapsedSeconds) {
        return Math.max(20, Math.min(1000, Math.round(elapsedSeconds * 20)));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
