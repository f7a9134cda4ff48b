package dev.trickle.jooq.delta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.RefreshMode;
import dev.trickle.jooq.Catalog;
import dev.trickle.jooq.CompiledStreamTable;
import dev.trickle.jooq.Golden;
import dev.trickle.jooq.Shop;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.model.RowIdentity;
import dev.trickle.jooq.sql.StorageDdl;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ProjectDeltaRule}: {@code Δ(π(Q)) = π(ΔQ)} at the top of a plan, consolidated to one net change per row
 * identity. Goldens hold the storage query and the differential refresh statement.
 */
class ProjectDeltaRuleTest {
    private static final Catalog.Query FILTERED = Shop.query("select id, amount from orders where amount > 10")
            .outputs("id integer", "amount numeric(12,2)");
    private static final Catalog.Query JOINED = Shop.query(
                    "select o.id, c.name, o.amount from orders o join customers c on c.id = o.customer_id")
            .outputs("id integer", "name text", "amount numeric(12,2)");

    @Test
    void storageQuery_filteredScan_selectsOutputsAndKeyHash() {
        Golden.assertSql(FILTERED.compile().storageQuery());
    }

    @Test
    void differentialSql_filteredScan_netsChangesPerRowIdentity() {
        Golden.assertSql(FILTERED.formattedDifferentialSql(DeltaPlans.ID));
    }

    @Test
    void storageQuery_join_hashesBothKeys() {
        Golden.assertSql(JOINED.compile().storageQuery());
    }

    @Test
    void differentialSql_join_unionsThreeTerms() {
        Golden.assertSql(JOINED.formattedDifferentialSql(DeltaPlans.ID));
    }

    @Test
    void differentialSql_streamTableSource_keysRowsByItsRowId() {
        Golden.assertSql(Shop.query("select customer_id, total from order_totals where total > 0")
                .outputs("customer_id integer", "total numeric").formattedDifferentialSql(DeltaPlans.ID));
    }

    @Test
    void differentialSql_columnWithoutEquality_comparesAsText() {
        Catalog db = Catalog.of(Catalog.table("docs", "id int pk", "body json"));
        String sql = db.query("select id, body from docs").outputs("id integer", "body json")
                .differentialSql(DeltaPlans.ID);

        assertThat(sql).contains("cast(\"t\".\"body\" AS text) IS DISTINCT FROM cast(\"d\".\"body\" AS text)")
                .contains("\"t\".\"id\" IS DISTINCT FROM \"d\".\"id\"")
                .contains("hashtextextended(ROW(x.\"id\", x.\"body\")::text, 0)");
    }

    @Test
    void differentialSql_quotedNames_areQuotedEverywhere() {
        String sql = Shop.query("select t.\"Region Id\", t.\"Amount\" from \"Sales\".\"Targets\" t")
                .outputs("\"Region Id\" integer", "Amount numeric").target("Sales", "Target Copy")
                .differentialSql(DeltaPlans.ID);

        assertThat(sql).contains("\"t\".\"Region Id\" AS \"Region Id\"")
                .contains("LEFT OUTER JOIN \"Sales\".\"Target Copy\" AS \"o\"")
                .contains("FROM \"pgtrickle_changes\".\"changes_16406\" AS \"b\"")
                .doesNotContain("Sales.Target");
    }

    @Test
    void differentialSql_idOfStreamTable_boundsEveryWindowByIt() {
        String sql = JOINED.differentialSql(42);

        assertThat(sql).contains("f.pgt_id = 42 AND f.source_relid = 16401::oid")
                .contains("f.pgt_id = 42 AND f.source_relid = 16402::oid")
                .doesNotContain("f.pgt_id = 0");
    }

    @Test
    void compile_projection_hasNoHiddenColumnsAndKeyIdentity() {
        CompiledStreamTable c = JOINED.compile();

        assertThat(c.storageColumns()).extracting(OutputColumn::name).containsExactly("id", "name", "amount");
        assertThat(c.outputCount()).isEqualTo(3);
        assertThat(c.rowIdentity()).isEqualTo(RowIdentity.KEY);
        assertThat(c.effectiveMode()).isEqualTo(RefreshMode.DIFFERENTIAL);
    }

    @Test
    void compile_differential_capturesScanColumnsPerSourceOid() {
        assertThat(JOINED.compile().captureColumns())
                .containsOnlyKeys(16401L, 16402L)
                .containsEntry(16401L, List.of("id", "customer_id", "amount"))
                .containsEntry(16402L, List.of("id", "name"));
    }

    @Test
    void compile_selfJoin_capturesUnionOfBothScansColumns() {
        CompiledStreamTable c = Shop.query("select a.id, b.status from orders a join orders b on b.id = a.customer_id")
                .outputs("id integer", "status text").compile();

        assertThat(c.captureColumns()).containsOnlyKeys(16401L)
                .containsEntry(16401L, List.of("id", "customer_id", "status"));
    }

    @Test
    void compile_fullModeOfDifferentiableQuery_keepsPlanButCapturesNoColumns() {
        CompiledStreamTable c = JOINED.mode(RefreshMode.FULL).compile();

        assertThat(c.effectiveMode()).isEqualTo(RefreshMode.FULL);
        assertThat(c.plan()).isNotNull();
        assertThat(c.captureColumns()).containsOnly(
                java.util.Map.entry(16401L, List.of()), java.util.Map.entry(16402L, List.of()));
    }

    @Test
    void fullRefreshSql_join_recomputesStorageQueryAndAppliesDifference() {
        CompiledStreamTable c = JOINED.compile();

        assertThat(c.fullRefreshSql()).startsWith("WITH \"__pgt_n\" AS (\n" + c.storageQuery() + "\n),");
        assertThat(c.createStatements().get(0))
                .isEqualTo("CREATE TABLE \"public\".\"st\" AS\n" + c.storageQuery() + "\nWITH NO DATA");
        assertThat(StorageDdl.load(c.target(), c.storageQuery()).get(0))
                .isEqualTo("INSERT INTO \"public\".\"st\"\n" + c.storageQuery());
    }
}
