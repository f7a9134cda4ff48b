package dev.trickle.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import org.junit.jupiter.api.Test;

/** {@link TestPostgres} on its own, without the JUnit extension, as {@code docs/testing.md} shows it. */
class TestDatabaseExampleIT {

    @Test
    void createDatabase_plainUse_createsStreamTable() {
        // tag::test-database[]
        try (TestDatabase database = TestPostgres.createDatabase();
                Trickle trickle = Trickle.builder(database.dataSource()).build()) {
            database.dsl().execute("CREATE TABLE t (id int PRIMARY KEY, v int)");
            trickle.createStreamTable("t_sum", "SELECT sum(v) AS total FROM t");
            assertThat(trickle.streamTable("t_sum")).isPresent();
        } // closes the engine, then drops the database
        // end::test-database[]
    }
}
