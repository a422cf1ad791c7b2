package io.userimport.worker.directory;

import io.userimport.model.CaseKey;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Groups and business units: two tables of the same shape, each name unique by its {@link CaseKey}. */
@Repository
class NamedEntities {

    /** The two tables, so that no caller can name another. */
    enum Kind {
        GROUP("user_group", "group"), BUSINESS_UNIT("business_unit", "business unit");

        final String table;
        final String noun;

        Kind(String table, String noun) {
            this.table = table;
            this.noun = noun;
        }
    }

    private final JdbcClient jdbc;

    NamedEntities(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<NamedView> all(Kind kind) {
        return jdbc.sql("select id, name from " + kind.table + " order by name_key, id")
                .query((rs, n) -> new NamedView(rs.getLong("id"), rs.getString("name"))).list();
    }

    /** Creates one; empty when the name is taken already (ignoring case). */
    Optional<NamedView> create(Kind kind, String name) {
        try {
            long id = jdbc.sql("insert into " + kind.table + " (name, name_key) values (:name, :key) returning id")
                    .param("name", name).param("key", CaseKey.of(name)).query(Long.class).single();
            return Optional.of(new NamedView(id, name));
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
    }
}
