package io.userimport.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.userimport.infra.RealDatabaseJdbcTest;
import io.userimport.ingest.imports.RowReview.ReviewedRow;
import io.userimport.model.AuthType;
import io.userimport.model.UserFields;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Rows that repeat an earlier row's login id or email, found among the staged rows on the real database. */
@RealDatabaseJdbcTest
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
@Import({ImportRows.class, FileDuplicates.class})
class FileDuplicatesTests {

    @Autowired
    ImportRows rows;
    @Autowired
    FileDuplicates duplicates;

    static Stream<Arguments> stagings() {
        Supplier<FileDuplicates.Seen> full = () -> {
            // a filter given far more keys than it was sized for, which no longer rules any key out
            FileDuplicates.Seen seen = FileDuplicates.Seen.forFile(1_000);
            for (int i = 0; i < 100_000; i++) {
                seen.logins().mayHaveSeen("other" + i);
                seen.emails().mayHaveSeen("other" + i);
            }
            seen.logins().checkFill();
            seen.emails().checkFill();
            assertThat(seen.logins().answering()).isFalse();
            return seen;
        };
        return Stream.of(
                Arguments.of("from the file's first row",
                        (Supplier<FileDuplicates.Seen>) () -> FileDuplicates.Seen.forFile(9)),
                Arguments.of("resumed after a stop", (Supplier<FileDuplicates.Seen>) FileDuplicates.Seen::unknown),
                Arguments.of("with full filters", full));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stagings")
    void aRowRepeatingAnEarlierLoginIdOrEmailFailsNamingTheFirstRowInWhicheverBatchItWas(String staging,
                                                                                         Supplier<FileDuplicates.Seen> seen) {
        UUID importId = UUID.randomUUID();
        FileDuplicates.Seen keys = seen.get();
        List<ReviewedRow> first = duplicates.flag(importId, List.of(row(1, "ada", "ada@example.com"),
                row(2, "grace", "grace@example.com"), row(3, "alan", "alan@example.com")), keys);
        assertThat(first).allSatisfy(row -> assertThat(row.error()).isNull());
        rows.insert(importId, first);

        List<ReviewedRow> second = duplicates.flag(importId, List.of(
                row(4, "ADA", "ada.lovelace@example.com"), // the login id of row 1, in other letters' case
                row(5, "hopper", "Grace@Example.com"),    // the email of row 2
                row(6, "edsger", "edsger@example.com"),   // new
                row(7, "Edsger", "dijkstra@example.com"), // the login id of row 6, in the same batch
                row(8, "barbara", "barbara@example.com")), keys);

        assertThat(second).extracting(ReviewedRow::rowNumber, ReviewedRow::error).containsExactly(
                tuple(4, "Duplicate login id in file (first in row 1)"),
                tuple(5, "Duplicate email in file (first in row 2)"),
                tuple(6, null),
                tuple(7, "Duplicate login id in file (first in row 6)"),
                tuple(8, null));
        rows.insert(importId, second);

        assertThat(duplicates.flag(importId, List.of(row(9, "barbara", "b@example.com")), keys))
                .extracting(ReviewedRow::error).as("a key of the batch before, staged, not in memory")
                .containsExactly("Duplicate login id in file (first in row 8)");
        assertThat(duplicates.flag(UUID.randomUUID(), List.of(row(1, "grace", "grace@example.com")),
                FileDuplicates.Seen.forFile(1))).extracting(ReviewedRow::error)
                .as("another import's rows are no duplicates").containsOnlyNulls();
    }

    private static ReviewedRow row(int number, String login, String email) {
        return new ReviewedRow(number, new UserFields(login, email, null, null, null, null, AuthType.NATIVE, null,
                List.of(), List.of()), new ArrayList<>(List.of(login, email)), List.of());
    }
}
