package dev.trickle.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshMode;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableSpec;
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
        dsl.execute("create table u (g int primary key, label text)");
        dsl.execute("insert into t select i, i % 3, i * 1.5 from generate_series(1, 10) i");
        dsl.execute("insert into u values (0, 'zero'), (1, 'one'), (2, 'two'), (5, 'five')");
        var st = engine.createStreamTable(StreamTableSpec.builder("s",
                "select u.label, t.g, sum(v) as total, count(*) as n, avg(v) as a from t join u on u.g = t.g group by t.g, u.label")
                .mode(RefreshMode.DIFFERENTIAL).build());
        System.out.println(st);
        System.out.println(dsl.fetch("select * from s order by g"));
        dsl.execute("update t set v = 100 where id = 1");
        dsl.execute("insert into t values (11, 5, 2)");
        dsl.execute("delete from t where id = 3");
        dsl.execute("update u set label = 'ONE' where g = 1");
        RefreshResult r = engine.refresh("s");
        System.out.println(r);
        System.out.println(dsl.fetch("select * from s order by g"));
        System.out.println(dsl.fetch("(select label, g, total, n, a from s except all select u.label, t.g, sum(v) as total, count(*) as n, avg(v) as a from t join u on u.g = t.g group by t.g, u.label) union all (select u.label, t.g, sum(v) as total, count(*) as n, avg(v) as a from t join u on u.g = t.g group by t.g, u.label except all select label, g, total, n, a from s)"));
        System.out.println(engine.refresh("s"));
        assertThat(dsl.fetchValue("select count(*) from s")).isEqualTo(4L);
        engine.drop("s");
        System.out.println(dsl.fetch("select relname from pg_class where relnamespace = 'pgtrickle_changes'::regnamespace"));
    }
}
