package dev.trickle.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.StreamTable;
import dev.trickle.TableName;
import dev.trickle.Trickle;
import dev.trickle.testkit.TrickleExtension;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unquoted identifiers with non-ASCII letters. PostgreSQL folds only A-Z in a multi-byte encoding, so
 * {@code ÜberQuelle} is the relation {@code Überquelle}. Kept apart from {@link CreateStreamTableIT} because it
 * fails today: jOOQ's parser folds the whole identifier ({@code überquelle}), and the engine's early check of the
 * tables a query reads ({@code TableReferences} → {@code RelationMetadata.resolve}) then rejects a valid query with
 * {@code UnknownTableException}.
 */
class UnquotedNonAsciiNameIT {
    @RegisterExtension static TrickleExtension trickle = TrickleExtension.postgres();

    @Test
    void create_unquotedNonAsciiNames_resolveLikePostgres(Trickle engine, DSLContext dsl) {
        dsl.execute("CREATE TABLE ÜberQuelle (x int); INSERT INTO ÜberQuelle VALUES (1), (2)");

        StreamTable st = engine.createStreamTable("ÜberStream", "select x from ÜberQuelle");

        // the engine created the relation that the same unquoted name means in SQL
        assertThat(dsl.fetchOne("SELECT to_regclass('ÜberStream')::text").get(0, String.class))
                .isEqualTo(dsl.fetchOne("SELECT {0}::regclass::text", "public.\"" + st.name().name() + "\"")
                        .get(0, String.class));
        assertThat(st.sources()).containsExactly(new TableName("public", "Überquelle"));
        assertThat(dsl.fetchOne("SELECT count(*) FROM ÜberStream").get(0, Long.class)).isEqualTo(2);
    }
}
