package io.userimport.worker.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTests {

    @Test
    void aNameIsFoundWhateverTheCaseOfEachSpellingAndAnUnknownOneIsNamed() {
        Names names = new Names();
        names.add(7, "Sales EMEA");
        names.add(9, "Straße");

        assertThat(names.ids(List.of("sales emea", "SALES EMEA", "Sales EMEA", "STRAßE")))
                .containsExactly(7L, 9L);
        assertThat(names.firstUnknown(List.of("SALES emea", "Marketing", "Support"))).contains("Marketing");
        assertThat(names.firstUnknown(List.of("straße", "Sales emea"))).isEmpty();
        assertThat(names.id("marketing")).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> names.ids(List.of("Sales EMEA", "Marketing")));
    }

    @Test
    void aNameAddedAfterALookUpIsFoundFromThenOn() {
        Names names = new Names();
        assertThat(names.id("Marketing")).isEmpty();

        names.add(3, "marketing");

        assertThat(names.id("Marketing")).contains(3L);
        assertThat(names.firstUnknown(List.of("MARKETING"))).isEmpty();
        assertThat(names.describe(List.of(3L))).isEqualTo("marketing");
    }
}
