/**
 * A TPC-H kit: the schema and a data generator written in SQL ({@link dev.trickle.bench.tpch.TpchData}), the
 * refresh functions RF1 and RF2 and a batch of updates, and the 22 queries ({@link dev.trickle.bench.tpch.TpchQuery}).
 * {@code TpchIT} proves the stream tables of the 22 queries correct under refresh cycles; the benchmark's
 * {@code --tpch} mode times them.
 */
@NullMarked
package dev.trickle.bench.tpch;

import org.jspecify.annotations.NullMarked;
