package dev.trickle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshResult;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @Test
    void smoke(Trickle engine, DSLContext dsl) {
        dsl.execute("create table t (id int primary key, g int, v numeric)");
        dsl.execute("insert into t select i, i % 3, i * 1.5 from generate_series(1, 10) i");
        engine.createStreamTable("s", "select g, sum(v) as total, count(*) as n from t group by g");
        System.out.println(dsl.fetch("select * from s order by g"));
        dsl.execute("update t set v = 100 where id = 1");
        dsl.execute("insert into t values (11, 5, 2)");
        RefreshResult r = engine.refresh("s");
        System.out.println(r);
        System.out.println(dsl.fetch("select * from s order by g"));
        System.out.println(engine.streamTables());
        assertThat(dsl.fetchValue("select count(*) from s")).isEqualTo(4L);
        engine.drop("s");
    }
}
