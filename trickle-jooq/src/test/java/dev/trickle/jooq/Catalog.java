package dev.trickle.jooq;

import dev.trickle.RefreshMode;
import dev.trickle.TableName;
import dev.trickle.jooq.model.CompileRequest;
import dev.trickle.jooq.model.OutputColumn;
import dev.trickle.jooq.model.ParsedQuery;
import dev.trickle.jooq.model.SourceRelation;
import dev.trickle.jooq.plan.Plan;
import dev.trickle.jooq.plan.PlanPrinter;
import dev.trickle.jooq.translate.SelectTranslator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A database catalog without a database: source relations described in one line per column, and the {@link
 * CompileRequest} the engine would build for a query over them. OIDs are assigned in declaration order, starting at
 * {@link #FIRST_OID}, so the SQL of a compiled query is the same on every run.
 *
 * <pre>{@code
 * Catalog db = Catalog.of(
 *         table("orders", "id int pk", "customer_id int", "amount numeric(12,2)", "status text"),
 *         table("customers", "id int pk", "name text"));
 * Plan plan = db.query("select o.id, c.name from orders o join customers c on c.id = o.customer_id")
 *         .outputs("id", "name")
 *         .plan();
 * }</pre>
 */
public final class Catalog {
    /** The OID of the first declared relation; the next ones follow. */
    public static final long FIRST_OID = 16_401;

    private static final QueryCompiler COMPILER = new QueryCompiler();

    private final List<SourceRelation> relations;

    private Catalog(List<SourceRelation> relations) {
        this.relations = List.copyOf(relations);
    }

    /**
     * Declares the relations of a catalog.
     *
     * @param tables the relations, OIDs assigned in this order
     * @return the catalog
     */
    public static Catalog of(TableSpec... tables) {
        List<SourceRelation> relations = new ArrayList<>();
        for (int i = 0; i < tables.length; i++) {
            relations.add(tables[i].build(FIRST_OID + i));
        }
        return new Catalog(relations);
    }

    /**
     * Declares an ordinary table.
     *
     * @param name {@code name} (schema {@code public}) or {@code schema.name}, exactly spelled (not folded)
     * @param columns {@code "name type"}, with a trailing {@code pk} for primary key columns (in key order); a name
     *     in double quotes may hold spaces
     * @return the declaration
     */
    public static TableSpec table(String name, String... columns) {
        return new TableSpec(name, SourceRelation.Kind.TABLE, List.of(columns));
    }

    /**
     * Declares the storage table of another stream table: its output columns, then {@code __pgt_row_id} (its key) and
     * a hidden {@code __pgt_count}.
     *
     * @param name the stream table's name
     * @param columns its output columns, {@code "name type"}
     * @return the declaration
     */
    public static TableSpec streamTable(String name, String... columns) {
        List<String> all = new ArrayList<>(List.of(columns));
        all.add("__pgt_count bigint");
        all.add("__pgt_row_id bigint");
        return new TableSpec(name, SourceRelation.Kind.STREAM_TABLE, all);
    }

    /** @return the declared relations, in declaration order */
    public List<SourceRelation> relations() {
        return relations;
    }

    /**
     * Finds a declared relation.
     *
     * @param name {@code name} or {@code schema.name} as declared
     * @return the relation
     */
    public SourceRelation relation(String name) {
        List<String> parts = split(name);
        return relations.stream()
                .filter(r -> r.name().equals(parts.get(1)) && r.schema().equals(parts.get(0)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no relation " + name + " in the test catalog"));
    }

    /**
     * Starts a query over this catalog.
     *
     * @param sql the defining query
     * @return the query, to be given its output columns
     */
    public Query query(String sql) {
        return new Query(this, COMPILER.parse(sql));
    }

    /** Resolves a name as written (one or two folded parts) the way a {@code search_path} of {@code public} would. */
    private SourceRelation resolve(List<String> written) {
        String schema = written.size() == 2 ? written.get(0) : "public";
        String name = written.get(written.size() - 1);
        return relations.stream()
                .filter(r -> r.schema().equals(schema) && r.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("query reads " + written
                        + ", which the test catalog does not declare"));
    }

    private static List<String> split(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? List.of("public", name) : List.of(name.substring(0, dot), name.substring(dot + 1));
    }

    /** A relation to declare: its name, kind and column lines. */
    public static final class TableSpec {
        private final String name;
        private final SourceRelation.Kind kind;
        private final List<String> columns;

        private TableSpec(String name, SourceRelation.Kind kind, List<String> columns) {
            this.name = name;
            this.kind = kind;
            this.columns = columns;
        }

        /**
         * Declares the same columns as another kind of relation (a view, a foreign table).
         *
         * @param other the kind
         * @return the declaration
         */
        public TableSpec as(SourceRelation.Kind other) {
            return new TableSpec(name, other, columns);
        }

        private SourceRelation build(long oid) {
            List<SourceRelation.Column> cols = new ArrayList<>();
            List<String> key = new ArrayList<>();
            for (String line : columns) {
                List<String> words = words(line);
                if (words.size() > 2 && words.get(words.size() - 1).equals("pk")) {
                    words.remove(words.size() - 1);
                    key.add(words.get(0));
                }
                if (words.size() < 2) {
                    throw new IllegalArgumentException("column line needs a name and a type: " + line);
                }
                String type = String.join(" ", words.subList(1, words.size()));
                cols.add(new SourceRelation.Column(words.get(0), type, hasEquality(type)));
            }
            List<String> parts = split(name);
            // a stream table's key is its __pgt_row_id, which the translator knows without being told
            return new SourceRelation(oid, parts.get(0), parts.get(1), kind, cols, key);
        }
    }

    /** Splits a column line into words; a leading {@code "quoted name"} is one word, without its quotes. */
    private static List<String> words(String line) {
        String rest = line.trim();
        List<String> words = new ArrayList<>();
        if (rest.startsWith("\"")) {
            int close = rest.indexOf('"', 1);
            words.add(rest.substring(1, close));
            rest = rest.substring(close + 1).trim();
        }
        words.addAll(Arrays.asList(rest.split("\\s+")));
        return words;
    }

    /** Types without an equality operator, compared as text. */
    static boolean hasEquality(String type) {
        return !Set.of("json", "xml", "point", "box", "polygon", "line", "circle", "lseg", "path").contains(type);
    }

    /**
     * A query over a catalog and what the engine would tell the compiler about it. Immutable; each option returns a
     * copy.
     */
    public static final class Query {
        private final Catalog catalog;
        private final ParsedQuery parsed;
        private final List<OutputColumn> outputs;
        private final Set<String> volatileFunctions;
        private final Set<String> otherAggregates;
        private final RefreshMode mode;
        private final TableName target;
        private final Map<Long, String> views;

        private Query(Catalog catalog, ParsedQuery parsed) {
            this(catalog, parsed, List.of(), Set.of(), Set.of(), RefreshMode.DIFFERENTIAL,
                    new TableName("public", "st"));
        }

        private Query(Catalog catalog, ParsedQuery parsed, List<OutputColumn> outputs, Set<String> volatileFunctions,
                Set<String> otherAggregates, RefreshMode mode, TableName target) {
            this(catalog, parsed, outputs, volatileFunctions, otherAggregates, mode, target, Map.of());
        }

        private Query(Catalog catalog, ParsedQuery parsed, List<OutputColumn> outputs, Set<String> volatileFunctions,
                Set<String> otherAggregates, RefreshMode mode, TableName target, Map<Long, String> views) {
            this.catalog = catalog;
            this.parsed = parsed;
            this.outputs = outputs;
            this.volatileFunctions = volatileFunctions;
            this.otherAggregates = otherAggregates;
            this.mode = mode;
            this.target = target;
            this.views = views;
        }

        /**
         * Gives a declared view its definition, as the engine reads it with {@code pg_get_viewdef}: the compiler
         * then expands it.
         *
         * @param name the view, {@code name} or {@code schema.name} as declared
         * @param sql its definition
         * @return a copy
         */
        public Query view(String name, String sql) {
            Map<Long, String> all = new LinkedHashMap<>(views);
            all.put(catalog.relation(name).oid(), sql);
            return new Query(catalog, parsed, outputs, volatileFunctions, otherAggregates, mode, target, all);
        }

        /**
         * Names the query's output columns, as the server would describe them.
         *
         * @param columns {@code "name"} (type {@code text}) or {@code "name type"}, in select-list order; a name in
         *     double quotes may hold spaces
         * @return a copy with these outputs
         */
        public Query outputs(String... columns) {
            List<OutputColumn> list = new ArrayList<>();
            for (String c : columns) {
                List<String> words = words(c);
                String type = words.size() == 1 ? "text" : String.join(" ", words.subList(1, words.size()));
                list.add(new OutputColumn(words.get(0), type, hasEquality(type)));
            }
            return new Query(catalog, parsed, list, volatileFunctions, otherAggregates, mode, target, views);
        }

        /**
         * Declares functions the engine found volatile.
         *
         * @param names lower-case function names
         * @return a copy
         */
        public Query volatileFunctions(String... names) {
            return new Query(catalog, parsed, outputs, Set.of(names), otherAggregates, mode, target, views);
        }

        /**
         * Declares aggregate functions other than count, sum and avg that the engine found.
         *
         * @param names lower-case function names
         * @return a copy
         */
        public Query otherAggregates(String... names) {
            return new Query(catalog, parsed, outputs, volatileFunctions, Set.of(names), mode, target, views);
        }

        /**
         * Sets the requested refresh mode (default {@link RefreshMode#DIFFERENTIAL}).
         *
         * @param m the mode
         * @return a copy
         */
        public Query mode(RefreshMode m) {
            return new Query(catalog, parsed, outputs, volatileFunctions, otherAggregates, m, target, views);
        }

        /**
         * Sets the stream table's name (default {@code public.st}).
         *
         * @param schema its schema
         * @param name its name
         * @return a copy
         */
        public Query target(String schema, String name) {
            return new Query(catalog, parsed, outputs, volatileFunctions, otherAggregates, mode,
                    new TableName(schema, name), views);
        }

        /** @return the parsed query */
        public ParsedQuery parsed() {
            return parsed;
        }

        /** @return the relations the query names, keyed by their name as written */
        public Map<List<String>, SourceRelation> relations() {
            Map<List<String>, SourceRelation> map = new LinkedHashMap<>();
            parsed.tables().forEach(t -> map.put(t, catalog.resolve(t)));
            // the names the views' definitions use, as the engine resolves them too
            views.values().forEach(v -> COMPILER.parse(v).tables().forEach(t -> map.put(t, catalog.resolve(t))));
            return map;
        }

        /** @return the distinct relations the query reads, in order of appearance */
        public List<SourceRelation> sources() {
            return List.copyOf(new LinkedHashSet<>(relations().values()));
        }

        /** @return the request the engine would pass to {@link QueryCompiler#compile} */
        public CompileRequest request() {
            requireOutputs();
            return new CompileRequest(target, parsed, outputs, relations(), sources(), volatileFunctions,
                    otherAggregates, mode).withViewDefinitions(views);
        }

        /** @return the translator's input for this query */
        public SelectTranslator.Input input() {
            requireOutputs();
            Map<Long, org.jooq.Select<?>> parsedViews = new LinkedHashMap<>();
            views.forEach((oid, sql) -> parsedViews.put(oid, COMPILER.parse(sql).select()));
            return new SelectTranslator.Input(Objects.requireNonNull(parsed.select(), "jOOQ could not parse the query"),
                    relations(), outputs.stream().map(OutputColumn::name).toList(), volatileFunctions,
                    otherAggregates, Set.of(), parsedViews, List.of());
        }

        /** @return the plan, straight from the translator */
        public Plan plan() {
            return SelectTranslator.translate(input());
        }

        /** @return the plan, explained */
        public String explain() {
            return PlanPrinter.explain(plan());
        }

        /** @return the compiled stream table */
        public CompiledStreamTable compile() {
            return COMPILER.compile(request());
        }

        /**
         * Compiles the query as if the server had described its row identity's keys.
         *
         * @param keyTypes the base types of the columns of {@link #keyProbe()}
         * @return the compiled stream table
         */
        public CompiledStreamTable compile(String... keyTypes) {
            return COMPILER.compile(request().withKeyTypes(List.of(keyTypes)));
        }

        /** @return the query whose columns are the keys of the row identity, as the compiler asks it, or empty */
        public java.util.Optional<String> keyProbe() {
            List<String> asked = new java.util.ArrayList<>();
            try {
                COMPILER.compile(request(), query -> {
                    asked.add(query);
                    return List.of();
                });
            } catch (dev.trickle.UnsupportedQueryException e) {
                return java.util.Optional.empty();
            }
            return asked.stream().findFirst();
        }

        /**
         * Compiles the query, answering the compiler's questions with {@code facts}.
         *
         * @param facts the answers
         * @return the compiled stream table
         */
        public CompiledStreamTable compile(dev.trickle.jooq.model.Facts facts) {
            return COMPILER.compile(request(), facts);
        }

        /**
         * Compiles the query and writes its differential refresh, formatted for reading.
         *
         * @param streamTableId the catalog id of the stream table
         * @return the refresh statement
         */
        public String formattedDifferentialSql(long streamTableId) {
            return COMPILER.formattedDifferentialSql(compile(), streamTableId);
        }

        /**
         * Compiles the query and writes its differential refresh.
         *
         * @param streamTableId the catalog id of the stream table
         * @return the refresh statement
         */
        public String differentialSql(long streamTableId) {
            return COMPILER.differentialSql(compile(), streamTableId);
        }

        private void requireOutputs() {
            if (outputs.isEmpty()) {
                throw new IllegalStateException("name the query's output columns with outputs(...) first");
            }
        }
    }
}
