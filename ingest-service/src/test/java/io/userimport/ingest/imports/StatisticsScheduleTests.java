package io.userimport.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsScheduleTests {

    @Test
    void refreshesOnceTenThousandRowsAreStagedThenEachTimeTheCountDoubled() {
        StatisticsSchedule schedule = new StatisticsSchedule();
        List<Integer> refreshedAt = new ArrayList<>();
        for (int staged = 2_000; staged <= 1_000_000; staged += 2_000) {
            if (schedule.due(staged)) {
                refreshedAt.add(staged);
            }
        }
        assertThat(refreshedAt).containsExactly(10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000);
    }

    @Test
    void aSmallImportNeverRefreshes() {
        StatisticsSchedule schedule = new StatisticsSchedule();
        assertThat(schedule.due(2_000)).isFalse();
        assertThat(schedule.due(9_999)).isFalse();
    }

    @Test
    void anImportResumedAfterAStopRefreshesAtItsFirstBatch() {
        StatisticsSchedule schedule = new StatisticsSchedule();
        assertThat(schedule.due(502_000)).isTrue();
        assertThat(schedule.due(504_000)).isFalse();
        assertThat(schedule.due(1_004_000)).isTrue();
    }
}
