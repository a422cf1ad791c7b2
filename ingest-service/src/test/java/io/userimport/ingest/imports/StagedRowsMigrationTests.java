package io.userimport.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.userimport.infra.RealDatabaseJdbcTest;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rows staged by the version before outcomes moved to their own table keep everything through
 * the migration: their outcomes, and their cells, turned from an object by header into an array
 * in the file's column order. Runs the service's migrations in a schema of its own.
 */
@RealDatabaseJdbcTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class StagedRowsMigrationTests {

    @Autowired
    DataSource dataSource;

    @Test
    void rowsStagedBeforeKeepTheirOutcomesAndTheirCellsInTheFilesOrder() {
        String schema = "migration_" + UUID.randomUUID().toString().replace("-", "");
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).target("5").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into %s.import_job (id, status, mode, skip_invalid_rows, send_welcome_emails, submitted_by,
                                           submitted_at, file_columns)
                values (:id, 'COMPLETED', 'CREATE_ONLY', true, false, 'test', now(),
                        array['login_id', '', 'password', 'notes'])""".formatted(schema)).param("id", id).update();
        jdbc.sql("""
                insert into %s.import_row (import_id, row_number, login_id, user_fields, original, outcome, reason,
                                           warnings, processed_at)
                values (:id, 1, 'a', '{}', '{"login_id":"a","column 2":"x, \\"y\\"","notes":null}', 'FAILED',
                        'User already exists', '{"kept"}', now()),
                       (:id, 2, 'b', '{}', '{}', null, null, '{}', null)""".formatted(schema)).param("id", id).update();

        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).load().migrate();

        assertThat(jdbc.sql("select original::text from %s.import_row where import_id = :id order by row_number"
                .formatted(schema)).param("id", id).query(String.class).list())
                .as("the password's place and a null cell stay null; a row kept without cells has none")
                .containsExactly("[\"a\", \"x, \\\"y\\\"\", null, null]", "[]");
        assertThat(jdbc.sql("select row_number || ' ' || attempt || ' ' || outcome || ' ' || reason || ' ' || "
                        + "array_to_string(warnings, ',') from %s.row_outcome where import_id = :id".formatted(schema))
                .param("id", id).query(String.class).list())
                .containsExactly("1 1 FAILED User already exists kept");
        assertThat(jdbc.sql("select column_name || ' ' || data_type from information_schema.columns where table_schema "
                + "= :schema and table_name = 'import_row' and column_name in ('user_fields', 'original', 'findings')")
                .param("schema", schema).query(String.class).list())
                .as("kept as written since V9").containsExactlyInAnyOrder("user_fields text", "original text", "findings text");
        jdbc.sql("drop schema %s cascade".formatted(schema)).update();
    }
}
