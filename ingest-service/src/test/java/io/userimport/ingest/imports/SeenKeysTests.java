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
    void aFilterGivenMoreKeysThanItsCapacityRulesOutFewerAndStopsOnceItWouldRuleOutFewerThanHalf() {
        SeenKeys seen = SeenKeys.forFile(10_000_000); // sized for its capacity, not for the file
        int given = 0;
        for (; given < SeenKeys.CAPACITY * 2; given++) {
            seen.mayHaveSeen("k" + given);
        }
        seen.checkFill();
        assertThat(seen.answering()).as("at twice its capacity").isTrue();
        int ruledOut = 0;
        for (int i = 0; i < 10_000; i++) {
            ruledOut += seen.mayHaveSeen("new" + i) ? 0 : 1;
        }
        assertThat(ruledOut).as("new keys ruled out at twice its capacity").isBetween(7_000, 9_500);

        for (; given < SeenKeys.CAPACITY * 5; given++) {
            seen.mayHaveSeen("k" + given);
        }
        seen.checkFill();

        assertThat(seen.answering()).as("at five times its capacity").isFalse();
        assertThat(seen.mayHaveSeen("never given")).isTrue();
    }

    @Test
    void withoutAFilterEveryKeyMayHaveBeenSeen() {
        SeenKeys seen = SeenKeys.unknown();

        assertThat(seen.mayHaveSeen("first")).isTrue();
        assertThat(seen.answering()).isFalse();
    }
}
