package dev.trickle.engine.differential;

import dev.trickle.testkit.TrickleFixture;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The base of the differential property classes: a fixture whose engine never switches to a full refresh for the
 * size of a change (see {@link DifferentialRun#differentialOnly}), started for each class and closed after it, and
 * the size of a property run.
 */
abstract class DifferentialProperties {
    /**
     * Tries per property: 25 tries of {@link #BATCHES} batches are 200 random batches (issue 10: at least 200). A try
     * costs its setup (tables, stream table) besides its batches, so longer histories test as much for less time.
     */
    static final int TRIES = 25;
    static final int BATCHES = 8;
    /** Tries of {@link #LONG_BATCHES} batches: 208 random batches with half the setups of {@link #TRIES}. */
    static final int LONG_TRIES = 13;
    static final int LONG_BATCHES = 16;

    static TrickleFixture trickle;

    @BeforeContainer
    static void start() {
        trickle = DifferentialRun.differentialOnly();
    }

    @AfterContainer
    static void stop() {
        trickle.close();
    }
}
