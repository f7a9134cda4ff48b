package dev.trickle.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** {@link Golden}: comparison with golden files and the diff it fails with. */
class GoldenTest {

    @Test
    void diff_changedLine_showsRemovedAndAddedLinesWithNumbersAndContext() {
        assertThat(Golden.diff("a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\nE\nf\ng\nh\n")).isEqualTo("""
                  ...
                  2: b
                  3: c
                  4: d
                - 5: e
                + 5: E
                  6: f
                  7: g
                  8: h
                """);
    }

    @Test
    void diff_distantChanges_elidesUnchangedLinesBetween() {
        String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
        String after = "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n";

        assertThat(Golden.diff(before, after)).isEqualTo("""
                + 1: 0
                  1: 1
                  2: 2
                  3: 3
                  ...
                  7: 7
                  8: 8
                  9: 9
                - 10: 10
                """);
    }

    @Test
    void diff_equalTexts_isEmpty() {
        assertThat(Golden.diff("x\ny\n", "x\ny\n")).isEmpty();
    }

    @Test
    void assertText_matchingGolden_passesIgnoringTrailingWhitespace() {
        Golden.assertText("first line   \nsecond line\n\n");
    }

    @Test
    void assertFile_differentText_failsWithDiffAndHowToUpdate() {
        assumeFalse(Boolean.getBoolean(Golden.UPDATE_PROPERTY), "would rewrite the golden file");

        assertThatThrownBy(() -> Golden.assertFile("fixed.txt", "one\nTWO\n"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("GoldenTest/fixed.txt")
                .hasMessageContaining("-D" + Golden.UPDATE_PROPERTY + "=true")
                .hasMessageContaining("- 2: two\n+ 2: TWO");
    }

    @Test
    void assertFile_missingGolden_failsShowingActual() {
        assumeFalse(Boolean.getBoolean(Golden.UPDATE_PROPERTY), "would create the golden file");

        assertThatThrownBy(() -> Golden.assertFile("no-such-golden.txt", "text"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("does not exist")
                .hasMessageEndingWith("--- actual ---\ntext\n");
    }
}
