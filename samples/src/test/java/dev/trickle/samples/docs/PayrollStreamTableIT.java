package dev.trickle.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

// tag::extension[]
/** A stream table tested with {@link TrickleExtension}: a fresh database and engine for this class. */
class PayrollStreamTableIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @Test
    void refresh_afterRaise_updatesPayroll(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE staff (id int PRIMARY KEY, team int NOT NULL, salary numeric NOT NULL)");
        dsl.execute("INSERT INTO staff VALUES (1, 10, 100), (2, 10, 200), (3, 20, 300)");
        engine.createStreamTable("payroll", "SELECT team, sum(salary) AS payroll FROM staff GROUP BY team");

        dsl.execute("UPDATE staff SET salary = 250 WHERE id = 2");
        engine.refresh("payroll");

        assertThat(dsl.fetchValue("SELECT payroll FROM payroll WHERE team = 10")).hasToString("350");
    }
}
// end::extension[]
