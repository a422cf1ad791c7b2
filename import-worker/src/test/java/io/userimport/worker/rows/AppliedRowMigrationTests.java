package io.userimport.worker.rows;

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
 * Outcomes stored before their column became text (V5) are re-emitted exactly as they were
 * written. Runs the service's migrations in a schema of its own.
 */
@RealDatabaseJdbcTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class AppliedRowMigrationTests {

    @Autowired
    DataSource dataSource;

    @Test
    void outcomesStoredBeforeKeepTheirJsonAsWrittenInATextColumn() {
        String schema = "migration_" + UUID.randomUUID().toString().replace("-", "");
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).target("4").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        UUID id = UUID.randomUUID();
        String written = "{\"type\":\"RowProcessed\",  \"rowNumber\":7,\"reason\":\"Caf\\u00e9 \\\"x\\\"\",\"warnings\":[]}";
        jdbc.sql("insert into %s.applied_row (import_id, row_number, attempt, outcome, event) values (:id, 7, 1, 'FAILED', "
                .formatted(schema) + "cast(:event as json))").param("id", id).param("event", written).update();

        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema).load().migrate();

        assertThat(jdbc.sql("select event from %s.applied_row where import_id = :id".formatted(schema))
                .param("id", id).query(String.class).single())
                .as("spacing and escapes as written").isEqualTo(written);
        assertThat(jdbc.sql("select data_type from information_schema.columns where table_schema = :schema "
                + "and table_name = 'applied_row' and column_name = 'event'").param("schema", schema)
                .query(String.class).single()).isEqualTo("text");
        jdbc.sql("drop schema %s cascade".formatted(schema)).update();
    }
}
