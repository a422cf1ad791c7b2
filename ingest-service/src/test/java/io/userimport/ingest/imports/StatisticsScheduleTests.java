package io.userimport.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsScheduleTests {

    @Test
    void refreshesOnceTenThousandRowsAreStagedThenEachTimeTheCountDoubledWhileHalfTheFileIsLeft() {
        assertThat(refreshes(1_000_000)).containsExactly(10_000, 20_000, 40_000, 80_000, 160_000, 320_000);
        assertThat(refreshes(10_000_000)).containsExactly(10_000, 20_000, 40_000, 80_000, 160_000, 320_000,
                640_000, 1_280_000, 2_560_000);
    }

    @Test
    void neverRefreshesAfterTheLastBatch() {
        assertThat(refreshes(20_000)).containsExactly(10_000);
        assertThat(refreshes(12_000)).isEmpty();
        assertThat(refreshes(10_000)).isEmpty();
    }

    @Test
    void aSmallImportNeverRefreshes() {
        StatisticsSchedule schedule = new StatisticsSchedule(1_000_000);
        assertThat(schedule.due(2_000)).isFalse();
        assertThat(schedule.due(9_999)).isFalse();
    }

    @Test
    void anImportResumedAfterAStopRefreshesAtItsFirstBatchWhenHalfTheFileIsLeft() {
        StatisticsSchedule schedule = new StatisticsSchedule(2_000_000);
        assertThat(schedule.due(502_000)).isTrue();
        assertThat(schedule.due(504_000)).isFalse();
        assertThat(schedule.due(1_004_000)).isFalse();

        assertThat(new StatisticsSchedule(1_000_000).due(600_000)).isFalse();
    }

    /** The staged counts at which an import of {@code total} rows, staged 2,000 at a time, refreshes. */
    private static List<Integer> refreshes(int total) {
        StatisticsSchedule schedule = new StatisticsSchedule(total);
        List<Integer> refreshedAt = new ArrayList<>();
        for (int staged = 2_000; staged <= total; staged += 2_000) {
            if (schedule.due(staged)) {
                refreshedAt.add(staged);
            }
        }
        return refreshedAt;
    }
}
