package dev.trickle.engine.lifecycle;

import static dev.trickle.engine.lifecycle.StorageContents.assertMatchesQuery;
import static dev.trickle.engine.lifecycle.StorageContents.userColumns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trickle.RefreshMode;
import dev.trickle.ReservedColumnNameException;
import dev.trickle.StreamTableSpec;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code *} and {@code t.*} over a stream table expand to the columns its query defines, without Trickle's
 * {@code __pgt_*} bookkeeping columns: a stream table defined as {@code SELECT * FROM other_stream_table} is created
 * with the upstream's own columns and stays equal to its query. The recompute names the columns, since
 * {@code SELECT *} typed into psql shows the bookkeeping columns too.
 */
class StarOverStreamTableIT {
    private static final String UP = "SELECT id, g, v FROM star_items WHERE v > 0";
    private static final String TOTALS = "SELECT g, sum(v) AS total, count(*) AS n FROM star_items GROUP BY g";

    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @Test
    void selectStarFromStreamTable_createdWithoutBookkeepingColumns_matchesAfterRefreshes(Trickle engine,
            DSLContext dsl) {
        dsl.execute("CREATE TABLE star_items (id int PRIMARY KEY, g int NOT NULL, v int NOT NULL)");
        dsl.execute("INSERT INTO star_items SELECT i, i % 3, i - 5 FROM generate_series(1, 20) i");
        engine.createStreamTable("star_up", UP);
        engine.createStreamTable("star_totals", TOTALS);
        assertThat(StorageContents.columns(dsl, "star_totals")).anyMatch(c -> c.startsWith("__pgt_"));

        engine.createStreamTable("star_copy", "SELECT * FROM star_up");
        engine.createStreamTable("star_join", "SELECT t.*, u.id FROM star_totals t JOIN star_up u ON u.g = t.g");
        engine.createStreamTable(StreamTableSpec.builder("star_full", "SELECT * FROM star_totals WHERE n > 1")
                .mode(RefreshMode.FULL).build());

        assertThat(userColumns(dsl, "star_copy")).containsExactly("id", "g", "v");
        assertThat(userColumns(dsl, "star_join")).containsExactly("g", "total", "n", "id");
        assertThat(userColumns(dsl, "star_full")).containsExactly("g", "total", "n");
        assertThat(engine.streamTable("star_copy").orElseThrow().effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
        assertThat(engine.streamTable("star_join").orElseThrow().effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);

        dsl.execute("UPDATE star_items SET v = v + 3 WHERE id % 4 = 0");
        dsl.execute("DELETE FROM star_items WHERE id IN (7, 8)");
        dsl.execute("INSERT INTO star_items VALUES (21, 1, 9), (22, 2, -1)");
        for (String name : new String[] {"star_up", "star_totals", "star_copy", "star_join", "star_full"}) {
            engine.refresh(name);
        }

        assertMatchesQuery(dsl, "star_copy", "SELECT id, g, v FROM star_up");
        assertMatchesQuery(dsl, "star_join", "SELECT t.g, t.total, t.n, u.id FROM star_totals t"
                + " JOIN star_up u ON u.g = t.g");
        assertMatchesQuery(dsl, "star_full", "SELECT g, total, n FROM star_totals WHERE n > 1");
    }

    @Test
    void bookkeepingColumnNamedExplicitly_stillRefused(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE named_items (id int PRIMARY KEY, v int)");
        engine.createStreamTable("named_up", "SELECT id, v FROM named_items");

        assertThatThrownBy(() -> engine.createStreamTable("named_down", "SELECT id, __pgt_row_id FROM named_up"))
                .isInstanceOf(ReservedColumnNameException.class);
    }
}
