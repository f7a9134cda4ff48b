package dev.trickle.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.testkit.TrickleFixture;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

// tag::property[]
/** For any batch of changes, the refreshed stream table equals its query recomputed. */
class PayrollPropertyIT {
    static final String QUERY = "SELECT team, count(*) AS headcount, sum(salary) AS payroll FROM staff GROUP BY team";
    static final String STORED = "SELECT team, headcount, payroll FROM payroll";
    static TrickleFixture trickle;

    @BeforeContainer
    static void start() {
        trickle = TrickleFixture.postgres().start();
        trickle.execute("CREATE TABLE staff (id serial PRIMARY KEY, team int NOT NULL, salary numeric NOT NULL)");
        trickle.trickle().createStreamTable("payroll", QUERY);
    }

    @AfterContainer
    static void stop() {
        trickle.close();
    }

    @Property(tries = 20)
    void refresh_afterAnyChanges_matchesRecompute(@ForAll("changes") List<String> changes) {
        trickle.execute(changes.toArray(String[]::new));
        trickle.trickle().refresh("payroll");

        assertThat(trickle.dsl().fetch("(" + STORED + ") EXCEPT ALL (" + QUERY + ")")).isEmpty();
        assertThat(trickle.dsl().fetch("(" + QUERY + ") EXCEPT ALL (" + STORED + ")")).isEmpty();
    }

    @Provide
    Arbitrary<List<String>> changes() {
        Arbitrary<Integer> team = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> amount = Arbitraries.integers().between(1, 100);
        Arbitrary<String> hire = Combinators.combine(team, amount)
                .as((t, a) -> "INSERT INTO staff (team, salary) VALUES (" + t + ", " + a + ")");
        Arbitrary<String> raise = Combinators.combine(team, amount)
                .as((t, a) -> "UPDATE staff SET salary = salary + " + a + " WHERE team = " + t);
        Arbitrary<String> move = team.map(t -> "UPDATE staff SET team = " + t + " WHERE id % 3 = " + (t - 1));
        Arbitrary<String> leave = team.map(t -> "DELETE FROM staff WHERE id = (SELECT min(id) FROM staff WHERE team = "
                + t + ")");
        return Arbitraries.oneOf(hire, raise, move, leave).list().ofMaxSize(6);
    }
}
// end::property[]
