package io.userimport.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenKeysTests {

    @Test
    void aKeyGivenBeforeIsAlwaysMaybeSeenAndAlmostEveryNewKeyIsCertainlyNew() {
        SeenKeys seen = SeenKeys.forFile(1_000_000);
        int maybe = 0;
        for (int i = 0; i < 1_000_000; i++) {
            maybe += seen.mayHaveSeen("user" + i + "@example.com") ? 1 : 0;
        }
        seen.checkFill();

        assertThat(maybe).as("new keys sent to the look-up").isLessThan(20_000);
        assertThat(seen.answering()).isTrue();
        for (int i = 0; i < 1_000_000; i += 997) {
            assertThat(seen.mayHaveSeen("user" + i + "@example.com")).as("user %d", i).isTrue();
        }
    }

    @Test
    void aFilterGivenFarMoreKeysThanItsCapacityStopsRulingKeysOutInsteadOfSparingFewLookUps() {
        SeenKeys seen = SeenKeys.forFile(10_000_000); // sized for its capacity, not for the file
        int keys = SeenKeys.CAPACITY * 2;
        for (int i = 0; i < keys; i++) {
            seen.mayHaveSeen("k" + i);
        }
        seen.checkFill();

        assertThat(seen.answering()).isFalse();
        assertThat(seen.mayHaveSeen("never given")).isTrue();
    }

    @Test
    void withoutAFilterEveryKeyMayHaveBeenSeen() {
        SeenKeys seen = SeenKeys.unknown();

        assertThat(seen.mayHaveSeen("first")).isTrue();
        assertThat(seen.answering()).isFalse();
    }
}
