package dev.trickle.bench.tpch;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * A TPC-H database generated in SQL, and the refresh functions that change it.
 *
 * <p><b>Schema.</b> The eight tables of the TPC-H specification (clause 1.4) with their primary keys, the column
 * types of the specification's DDL ({@code CHAR}, {@code VARCHAR}, {@code DECIMAL(15,2)}, {@code DATE}), plus
 * indexes on the foreign-key columns a join probes ({@code o_custkey}, {@code (l_partkey, l_suppkey)} (lineitem's
 * foreign key to partsupp), {@code l_suppkey}, {@code ps_suppkey}); no foreign-key constraints.
 *
 * <p><b>Data.</b> {@code INSERT ... SELECT generate_series} with deterministic pseudo-random values: every value is
 * a hash of its row's key and a per-column stream ({@code hashint8extended}), so a scale factor always yields the
 * same database, and the orders of RF1 come from the same statement as the loaded ones. Sizes and domains follow
 * the specification (clause 4.2.3): SF × 10,000 suppliers, 200,000 parts (4 suppliers each), 150,000 customers,
 * 1,500,000 orders with sparse keys (8 of every 32) and 1 to 7 lineitems; customers whose key is a multiple of 3
 * place no orders; dates, prices, discounts, taxes, flags, statuses, priorities, ship modes and instructions, part
 * names (5 of the 92 colours), types, containers, brands and phone numbers from the specification's domains;
 * {@code o_totalprice} and {@code o_orderstatus} computed from the order's lineitems. Three departures make every
 * query's validation parameters select rows at small scale factors: nations are dealt round robin to suppliers and
 * customers (so all 25 appear once there are 25 suppliers); a twentieth of suppliers carry {@code Customer …
 * Complaints} and another twentieth {@code Customer … Recommends} in their comment; and 7% of parts (by {@code
 * partkey % 100}) and 0.5% of orders ({@code ordinal % 200 = 0}: 7 lineitems of quantity 44 to 50, so their total
 * exceeds Q18's 300) take the values that Q2, Q17, Q18, Q19 and Q20 look for.
 *
 * <p><b>Changes.</b> {@link #rf1} inserts new orders with their lineitems (the specification's RF1, SF × 1,500
 * orders), {@link #rf2} deletes the oldest orders and their lineitems (RF2), and {@link #update} changes prices,
 * quantities, discounts, costs and balances and moves keys (an order to another customer, a lineitem to another
 * supplier or part, a supplier to another nation), always to valid keys. Each runs in the connection's current
 * transaction, so a caller can hold or roll it back.
 */
public final class TpchData {
    /** The specification's orders per scale factor. */
    public static final int ORDERS_PER_SF = 1_500_000;

    private static final String FUNCTIONS = """
            CREATE OR REPLACE FUNCTION tpch_rand(k bigint, s int) RETURNS float8 IMMUTABLE PARALLEL SAFE
              LANGUAGE sql AS $$ SELECT (hashint8extended(k, s) & 9007199254740991)::float8 / 9007199254740992 $$;
            CREATE OR REPLACE FUNCTION tpch_int(k bigint, s int, lo int, hi int) RETURNS int IMMUTABLE PARALLEL SAFE
              LANGUAGE sql AS $$ SELECT lo + floor(tpch_rand(k, s) * (hi - lo + 1))::int $$;
            CREATE OR REPLACE FUNCTION tpch_pick(k bigint, s int, a text[]) RETURNS text IMMUTABLE PARALLEL SAFE
              LANGUAGE sql AS $$ SELECT a[1 + floor(tpch_rand(k, s) * cardinality(a))::int] $$;
            CREATE OR REPLACE FUNCTION tpch_text(k bigint, s int) RETURNS text IMMUTABLE PARALLEL SAFE
              LANGUAGE sql AS $$ SELECT concat_ws(' ', tpch_pick(k, s, w), tpch_pick(k, s + 1, w),
                  tpch_pick(k, s + 2, w), tpch_pick(k, s + 3, w),
                  CASE WHEN tpch_rand(k, s + 4) < 0.5 THEN tpch_pick(k, s + 5, w) END)
                FROM (SELECT ARRAY['furiously', 'slyly', 'carefully', 'blithely', 'quickly', 'fluffily', 'final',
                  'regular', 'special', 'pending', 'express', 'ironic', 'bold', 'even', 'silent', 'unusual',
                  'deposits', 'requests', 'packages', 'accounts', 'instructions', 'foxes', 'theodolites',
                  'dependencies', 'excuses', 'platelets', 'asymptotes', 'courts', 'dolphins', 'ideas', 'sleep',
                  'wake', 'are', 'cajole', 'haggle', 'nag', 'use', 'boost', 'affix', 'detect', 'integrate',
                  'among', 'across', 'above', 'against', 'along'] AS w) x $$;
            CREATE OR REPLACE FUNCTION tpch_phone(nation int, k bigint, s int) RETURNS text IMMUTABLE PARALLEL SAFE
              LANGUAGE sql AS $$ SELECT (nation + 10) || '-' || tpch_int(k, s, 100, 999) || '-'
                  || tpch_int(k, s + 1, 100, 999) || '-' || tpch_int(k, s + 2, 1000, 9999) $$;
            CREATE OR REPLACE FUNCTION tpch_orderkey(i bigint) RETURNS bigint IMMUTABLE PARALLEL SAFE
              LANGUAGE sql AS $$ SELECT (i - 1) / 8 * 32 + (i - 1) % 8 + 1 $$;
            CREATE OR REPLACE FUNCTION tpch_supp(p bigint, j int, suppliers int) RETURNS int IMMUTABLE PARALLEL SAFE
              LANGUAGE sql AS $$ SELECT ((p - 1 + j * (suppliers / 4) + (p - 1) / suppliers) % suppliers)::int + 1 $$;
            CREATE OR REPLACE FUNCTION tpch_retailprice(p bigint) RETURNS numeric IMMUTABLE PARALLEL SAFE
              LANGUAGE sql AS $$ SELECT (90000 + ((p / 10) % 20001) + 100 * (p % 1000))::numeric / 100 $$;
            """;

    private static final String TABLES = """
            CREATE TABLE region (r_regionkey int PRIMARY KEY, r_name char(25) NOT NULL, r_comment varchar(152));
            CREATE TABLE nation (n_nationkey int PRIMARY KEY, n_name char(25) NOT NULL, n_regionkey int NOT NULL,
              n_comment varchar(152));
            CREATE TABLE part (p_partkey int PRIMARY KEY, p_name varchar(55) NOT NULL, p_mfgr char(25) NOT NULL,
              p_brand char(10) NOT NULL, p_type varchar(25) NOT NULL, p_size int NOT NULL,
              p_container char(10) NOT NULL, p_retailprice numeric(15,2) NOT NULL, p_comment varchar(23) NOT NULL);
            CREATE TABLE supplier (s_suppkey int PRIMARY KEY, s_name char(25) NOT NULL, s_address varchar(40) NOT NULL,
              s_nationkey int NOT NULL, s_phone char(15) NOT NULL, s_acctbal numeric(15,2) NOT NULL,
              s_comment varchar(101) NOT NULL);
            CREATE TABLE partsupp (ps_partkey int NOT NULL, ps_suppkey int NOT NULL, ps_availqty int NOT NULL,
              ps_supplycost numeric(15,2) NOT NULL, ps_comment varchar(199) NOT NULL,
              PRIMARY KEY (ps_partkey, ps_suppkey));
            CREATE TABLE customer (c_custkey int PRIMARY KEY, c_name varchar(25) NOT NULL, c_address varchar(40) NOT NULL,
              c_nationkey int NOT NULL, c_phone char(15) NOT NULL, c_acctbal numeric(15,2) NOT NULL,
              c_mktsegment char(10) NOT NULL, c_comment varchar(117) NOT NULL);
            CREATE TABLE orders (o_orderkey bigint PRIMARY KEY, o_custkey int NOT NULL, o_orderstatus char(1) NOT NULL,
              o_totalprice numeric(15,2) NOT NULL, o_orderdate date NOT NULL, o_orderpriority char(15) NOT NULL,
              o_clerk char(15) NOT NULL, o_shippriority int NOT NULL, o_comment varchar(79) NOT NULL);
            CREATE TABLE lineitem (l_orderkey bigint NOT NULL, l_partkey int NOT NULL, l_suppkey int NOT NULL,
              l_linenumber int NOT NULL, l_quantity numeric(15,2) NOT NULL, l_extendedprice numeric(15,2) NOT NULL,
              l_discount numeric(15,2) NOT NULL, l_tax numeric(15,2) NOT NULL, l_returnflag char(1) NOT NULL,
              l_linestatus char(1) NOT NULL, l_shipdate date NOT NULL, l_commitdate date NOT NULL,
              l_receiptdate date NOT NULL, l_shipinstruct char(25) NOT NULL, l_shipmode char(10) NOT NULL,
              l_comment varchar(44) NOT NULL, PRIMARY KEY (l_orderkey, l_linenumber));
            """;

    private static final String INDEXES = """
            CREATE INDEX ON orders (o_custkey);
            CREATE INDEX ON lineitem (l_partkey, l_suppkey);
            CREATE INDEX ON lineitem (l_suppkey);
            CREATE INDEX ON partsupp (ps_suppkey);
            """;

    private static final String REGIONS_AND_NATIONS = """
            INSERT INTO region SELECT r - 1, name, tpch_text(r, 1)
              FROM unnest(ARRAY['AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'MIDDLE EAST']) WITH ORDINALITY AS x(name, r);
            INSERT INTO nation SELECT n - 1, name, region, tpch_text(n, 2)
              FROM unnest(ARRAY['ALGERIA', 'ARGENTINA', 'BRAZIL', 'CANADA', 'EGYPT', 'ETHIOPIA', 'FRANCE', 'GERMANY',
                                'INDIA', 'INDONESIA', 'IRAN', 'IRAQ', 'JAPAN', 'JORDAN', 'KENYA', 'MOROCCO',
                                'MOZAMBIQUE', 'PERU', 'CHINA', 'ROMANIA', 'SAUDI ARABIA', 'VIETNAM', 'RUSSIA',
                                'UNITED KINGDOM', 'UNITED STATES'],
                          ARRAY[0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3, 1])
                   WITH ORDINALITY AS x(name, region, n);
            """;

    /** Parts: %1$d parts. Planted by {@code p % 100}: 10 Q2, 20/70 Q20, 30 Q17, 50/25/75 Q19's three branches. */
    private static final String PARTS = """
            INSERT INTO part
            SELECT p,
                   concat_ws(' ', CASE WHEN p %% 50 = 20 THEN 'forest' ELSE c[1 + a %% 92] END, c[1 + (a + st) %% 92],
                             c[1 + (a + 2 * st) %% 92], c[1 + (a + 3 * st) %% 92], c[1 + (a + 4 * st) %% 92]),
                   'Manufacturer#' || m,
                   'Brand#' || m || b,
                   (ARRAY['STANDARD', 'SMALL', 'MEDIUM', 'LARGE', 'ECONOMY', 'PROMO'])[tpch_int(p, 5, 1, 6)] || ' '
                     || (ARRAY['ANODIZED', 'BURNISHED', 'PLATED', 'POLISHED', 'BRUSHED'])[tpch_int(p, 6, 1, 5)] || ' '
                     || CASE WHEN p %% 100 = 10 THEN 'BRASS'
                             ELSE (ARRAY['TIN', 'NICKEL', 'BRASS', 'STEEL', 'COPPER'])[tpch_int(p, 7, 1, 5)] END,
                   CASE p %% 100 WHEN 10 THEN 15 WHEN 50 THEN tpch_int(p, 8, 1, 5) WHEN 25 THEN tpch_int(p, 8, 1, 10)
                                 WHEN 75 THEN tpch_int(p, 8, 1, 15) ELSE tpch_int(p, 8, 1, 50) END,
                   CASE p %% 100 WHEN 30 THEN 'MED BOX' WHEN 50 THEN 'SM CASE' WHEN 25 THEN 'MED BAG'
                                 WHEN 75 THEN 'LG BOX'
                                 ELSE tpch_pick(p, 9, ARRAY['SM', 'LG', 'MED', 'JUMBO', 'WRAP']) || ' '
                                   || tpch_pick(p, 10, ARRAY['CASE', 'BOX', 'BAG', 'JAR', 'PKG', 'PACK', 'CAN', 'DRUM'])
                   END,
                   tpch_retailprice(p),
                   left(tpch_text(p, 11), 23)
              FROM (SELECT p, tpch_int(p, 1, 0, 91) AS a, tpch_int(p, 2, 1, 18) AS st,
                           CASE p %% 100 WHEN 30 THEN 2 WHEN 25 THEN 2 WHEN 50 THEN 1 WHEN 75 THEN 3
                                         ELSE tpch_int(p, 3, 1, 5) END AS m,
                           CASE p %% 100 WHEN 30 THEN 3 WHEN 25 THEN 3 WHEN 50 THEN 2 WHEN 75 THEN 4
                                         ELSE tpch_int(p, 4, 1, 5) END AS b
                      FROM generate_series(1, %1$d) p) g,
                   (SELECT ARRAY['almond', 'antique', 'aquamarine', 'azure', 'beige', 'bisque', 'black', 'blanched',
                     'blue', 'blush', 'brown', 'burlywood', 'burnished', 'chartreuse', 'chiffon', 'chocolate', 'coral',
                     'cornflower', 'cornsilk', 'cream', 'cyan', 'dark', 'deep', 'dim', 'dodger', 'drab', 'firebrick',
                     'floral', 'forest', 'frosted', 'gainsboro', 'ghost', 'goldenrod', 'green', 'grey', 'honeydew',
                     'hot', 'indian', 'ivory', 'khaki', 'lace', 'lavender', 'lawn', 'lemon', 'light', 'lime', 'linen',
                     'magenta', 'maroon', 'medium', 'metallic', 'midnight', 'mint', 'misty', 'moccasin', 'navajo',
                     'navy', 'olive', 'orange', 'orchid', 'pale', 'papaya', 'peach', 'peru', 'pink', 'plum', 'powder',
                     'puff', 'purple', 'red', 'rose', 'rosy', 'royal', 'saddle', 'salmon', 'sandy', 'seashell',
                     'sienna', 'sky', 'slate', 'smoke', 'snow', 'spring', 'steel', 'tan', 'thistle', 'tomato',
                     'turquoise', 'violet', 'wheat', 'white', 'yellow'] AS c) colours
            """;

    /** Suppliers: %1$d suppliers. */
    private static final String SUPPLIERS = """
            INSERT INTO supplier
            SELECT s, 'Supplier#' || lpad(s::text, 9, '0'), left(md5(s::text), tpch_int(s, 1, 10, 32)), (s - 1) %% 25,
                   tpch_phone((s - 1) %% 25, s, 2), tpch_int(s, 5, -99999, 999999)::numeric / 100,
                   CASE s %% 20 WHEN 7 THEN left(tpch_text(s, 6), 40) || ' Customer ' || left(tpch_text(s, 12), 40)
                                             || ' Complaints'
                                WHEN 13 THEN left(tpch_text(s, 6), 40) || ' Customer ' || left(tpch_text(s, 12), 40)
                                             || ' Recommends'
                                ELSE tpch_text(s, 6) END
              FROM generate_series(1, %1$d) s
            """;

    /** Partsupp: %1$d parts, %2$d suppliers. */
    private static final String PARTSUPP = """
            INSERT INTO partsupp
            SELECT p, tpch_supp(p, j, %2$d), tpch_int(p * 4 + j, 1, 1, 9999),
                   tpch_int(p * 4 + j, 2, 100, 100000)::numeric / 100, tpch_text(p * 4 + j, 3)
              FROM generate_series(1, %1$d) p, generate_series(0, 3) j
            """;

    /** Customers: %1$d customers. */
    private static final String CUSTOMERS = """
            INSERT INTO customer
            SELECT c, 'Customer#' || lpad(c::text, 9, '0'), left(md5(c::text), tpch_int(c, 1, 10, 32)), (c - 1) %% 25,
                   tpch_phone((c - 1) %% 25, c, 2), tpch_int(c, 5, -99999, 999999)::numeric / 100,
                   tpch_pick(c, 6, ARRAY['AUTOMOBILE', 'BUILDING', 'FURNITURE', 'MACHINERY', 'HOUSEHOLD']),
                   tpch_text(c, 7)
              FROM generate_series(1, %1$d) c
            """;

    /**
     * Orders with ordinals %1$d to %2$d and their lineitems, in one statement; %3$d customers, %4$d parts, %5$d
     * suppliers, %6$d clerks. CURRENTDATE is 1995-06-17; order dates run from 1992-01-01 to 151 days before the end.
     */
    private static final String ORDERS = """
            WITH o AS (
              SELECT tpch_orderkey(i) AS k, i %% 200 = 0 AS big,
                     CASE WHEN c %% 3 = 0 THEN c - 1 ELSE c END AS custkey,
                     date '1992-01-01' + tpch_int(i, 2, 0, date '1998-08-02' - date '1992-01-01') AS odate,
                     CASE WHEN i %% 200 = 0 THEN 7 ELSE tpch_int(i, 3, 1, 7) END AS lines, i
                FROM (SELECT i, tpch_int(i, 1, 1, %3$d) AS c FROM generate_series(%1$d::bigint, %2$d) i) g),
            l AS (
              SELECT k, ln, odate, partkey, tpch_supp(partkey, tpch_int(lk, 11, 0, 3), %5$d) AS suppkey,
                     CASE WHEN big THEN tpch_int(lk, 12, 44, 50) ELSE tpch_int(lk, 12, 1, 50) END::numeric AS qty,
                     tpch_int(lk, 13, 0, 10)::numeric / 100 AS discount, tpch_int(lk, 14, 0, 8)::numeric / 100 AS tax,
                     odate + tpch_int(lk, 15, 1, 121) AS shipdate, odate + tpch_int(lk, 16, 30, 90) AS commitdate,
                     odate + tpch_int(lk, 15, 1, 121) + tpch_int(lk, 17, 1, 30) AS receiptdate, lk
                FROM (SELECT o.*, ln, o.k * 8 + ln AS lk, tpch_int(o.k * 8 + ln, 10, 1, %4$d) AS partkey
                        FROM o, generate_series(1, o.lines) ln) x),
            li AS (
              INSERT INTO lineitem
              SELECT k, partkey, suppkey, ln, qty, qty * tpch_retailprice(partkey), discount, tax,
                     CASE WHEN receiptdate <= date '1995-06-17' THEN tpch_pick(lk, 18, ARRAY['R', 'A']) ELSE 'N' END,
                     CASE WHEN shipdate > date '1995-06-17' THEN 'O' ELSE 'F' END, shipdate, commitdate, receiptdate,
                     tpch_pick(lk, 19, ARRAY['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN']),
                     tpch_pick(lk, 20, ARRAY['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB']),
                     left(tpch_text(lk, 21), 44)
                FROM l
              RETURNING l_orderkey, l_extendedprice, l_discount, l_tax, l_linestatus),
            t AS (
              SELECT l_orderkey, round(sum(l_extendedprice * (1 + l_tax) * (1 - l_discount)), 2) AS total,
                     CASE WHEN bool_and(l_linestatus = 'F') THEN 'F' WHEN bool_and(l_linestatus = 'O') THEN 'O'
                          ELSE 'P' END AS status
                FROM li GROUP BY l_orderkey)
            INSERT INTO orders
            SELECT o.k, o.custkey, t.status, t.total, o.odate,
                   tpch_pick(o.k, 4, ARRAY['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW']),
                   'Clerk#' || lpad(tpch_int(o.k, 5, 1, %6$d)::text, 9, '0'), 0, left(tpch_text(o.k, 6), 79)
              FROM o JOIN t ON t.l_orderkey = o.k
            """;

    private final Connection connection;
    private final double scale;
    private final int parts;
    private final int suppliers;
    private final int customers;
    private final int orders;
    private final int clerks;
    private long nextOrdinal;
    private int batches;

    private TpchData(Connection connection, double scale) {
        if (!(scale >= 0.001 && scale <= 100)) {
            throw new IllegalArgumentException("scale factor must be between 0.001 and 100: " + scale);
        }
        this.connection = connection;
        this.scale = scale;
        this.parts = (int) Math.round(200_000 * scale);
        this.suppliers = (int) Math.round(10_000 * scale);
        this.customers = (int) Math.round(150_000 * scale);
        this.orders = (int) Math.round(ORDERS_PER_SF * scale);
        this.clerks = Math.max(1, (int) Math.round(1_000 * scale));
        this.nextOrdinal = orders + 1L;
    }

    /**
     * Creates the tables and the generator's functions ({@code tpch_*}), loads the data and {@code VACUUM
     * ANALYZE}s it.
     *
     * @param connection a connection in auto-commit mode, used by the refresh functions later
     * @param scale the scale factor, at least 0.001 (10 suppliers, 1,500 orders)
     * @return the loaded database
     * @throws SQLException if the server fails
     */
    public static TpchData load(Connection connection, double scale) throws SQLException {
        TpchData data = new TpchData(connection, scale);
        data.execute(FUNCTIONS);
        data.execute(TABLES);
        data.execute(REGIONS_AND_NATIONS);
        data.execute(PARTS.formatted(data.parts));
        data.execute(SUPPLIERS.formatted(data.suppliers));
        data.execute(PARTSUPP.formatted(data.parts, data.suppliers));
        data.execute(CUSTOMERS.formatted(data.customers));
        data.insertOrders(1, data.orders);
        data.execute(INDEXES);
        for (String table : TpchQuery.TABLES) {
            data.execute("VACUUM (ANALYZE) " + table);
        }
        return data;
    }

    /** @return the scale factor */
    public double scale() {
        return scale;
    }

    /** @return the number of orders loaded */
    public int orders() {
        return orders;
    }

    /**
     * RF1: inserts new orders, each with 1 to 7 lineitems, generated as the loaded ones (the specification inserts
     * SF × 1,500).
     *
     * @param count the number of orders
     * @throws SQLException if the server fails
     */
    public void rf1(int count) throws SQLException {
        insertOrders(nextOrdinal, nextOrdinal + count - 1);
        nextOrdinal += count;
    }

    /**
     * RF2: deletes the {@code count} orders with the lowest keys and their lineitems, in one statement.
     *
     * @param count the number of orders
     * @throws SQLException if the server fails
     */
    public void rf2(int count) throws SQLException {
        execute("""
                WITH d AS (SELECT o_orderkey FROM orders ORDER BY o_orderkey LIMIT %d),
                dl AS (DELETE FROM lineitem l USING d WHERE l.l_orderkey = d.o_orderkey)
                DELETE FROM orders o USING d WHERE o.o_orderkey = d.o_orderkey""".formatted(count));
    }

    /**
     * Updates about {@code count} rows, chosen by a hash of their key and the batch number: {@code count}
     * lineitems get a new quantity, price and discount; a quarter as many lineitems move to another supplier of
     * their part, a quarter to another part (and one of its suppliers), a quarter of as many orders to another
     * customer who places orders (with a new priority); a quarter as many partsupp rows get a new cost and
     * quantity, a tenth as many customers a new balance and parts a new retail price; one supplier moves to
     * another nation.
     *
     * @param count the number of lineitems whose values change, at least 1
     * @throws SQLException if the server fails
     */
    public void update(int count) throws SQLException {
        int b = ++batches;
        int quarter = Math.max(1, count / 4);
        int tenth = Math.max(1, count / 10);
        execute("""
                UPDATE lineitem l SET l_quantity = q, l_extendedprice = q * p.p_retailprice, l_discount = d
                  FROM (SELECT l_orderkey AS k, l_linenumber AS n, tpch_int(l_orderkey * 8 + l_linenumber, %1$d, 1, 50)::numeric AS q,
                               tpch_int(l_orderkey * 8 + l_linenumber, %1$d + 1, 0, 10)::numeric / 100 AS d
                          FROM lineitem ORDER BY hashint8extended(l_orderkey * 8 + l_linenumber, %1$d), 1, 2 LIMIT %2$d) t,
                       part p
                 WHERE l.l_orderkey = t.k AND l.l_linenumber = t.n AND p.p_partkey = l.l_partkey
                """.formatted(1000 + b, count));
        execute("""
                UPDATE lineitem l SET l_suppkey = (SELECT ps_suppkey FROM partsupp
                                                    WHERE ps_partkey = l.l_partkey AND ps_suppkey <> l.l_suppkey
                                                    ORDER BY hashint8extended(ps_suppkey, %1$d) LIMIT 1)
                  FROM (SELECT l_orderkey AS k, l_linenumber AS n FROM lineitem
                         ORDER BY hashint8extended(l_orderkey * 8 + l_linenumber, %1$d + 2), 1, 2 LIMIT %2$d) t
                 WHERE l.l_orderkey = t.k AND l.l_linenumber = t.n
                """.formatted(1000 + b, quarter));
        execute("""
                UPDATE lineitem l SET l_partkey = t.p, l_suppkey = tpch_supp(t.p, tpch_int(t.p, %1$d, 0, 3), %3$d),
                       l_extendedprice = l.l_quantity * tpch_retailprice(t.p)
                  FROM (SELECT l_orderkey AS k, l_linenumber AS n, tpch_int(l_orderkey * 8 + l_linenumber, %1$d + 3, 1, %4$d) AS p
                          FROM lineitem ORDER BY hashint8extended(l_orderkey * 8 + l_linenumber, %1$d + 4), 1, 2 LIMIT %2$d) t
                 WHERE l.l_orderkey = t.k AND l.l_linenumber = t.n
                """.formatted(1000 + b, quarter, suppliers, parts));
        execute("""
                UPDATE orders o SET o_custkey = CASE WHEN t.c %% 3 = 0 THEN t.c - 1 ELSE t.c END,
                       o_orderpriority = tpch_pick(o.o_orderkey, %1$d + 5,
                                                   ARRAY['1-URGENT', '2-HIGH', '3-MEDIUM', '4-NOT SPECIFIED', '5-LOW'])
                  FROM (SELECT o_orderkey AS k, tpch_int(o_orderkey, %1$d + 6, 1, %3$d) AS c FROM orders
                         ORDER BY hashint8extended(o_orderkey, %1$d + 7), 1 LIMIT %2$d) t
                 WHERE o.o_orderkey = t.k
                """.formatted(1000 + b, quarter, customers));
        execute("""
                UPDATE partsupp ps SET ps_supplycost = tpch_int(ps_partkey * 4 + ps_suppkey, %1$d, 100, 100000)::numeric / 100,
                       ps_availqty = tpch_int(ps_partkey * 4 + ps_suppkey, %1$d + 1, 1, 9999)
                  FROM (SELECT ps_partkey AS p, ps_suppkey AS s FROM partsupp
                         ORDER BY hashint8extended(ps_partkey * 100003 + ps_suppkey, %1$d + 8), 1, 2 LIMIT %2$d) t
                 WHERE ps.ps_partkey = t.p AND ps.ps_suppkey = t.s
                """.formatted(1000 + b, quarter));
        execute("""
                UPDATE customer c SET c_acctbal = tpch_int(c_custkey, %1$d, -99999, 999999)::numeric / 100
                  FROM (SELECT c_custkey AS k FROM customer ORDER BY hashint8extended(c_custkey, %1$d + 9), 1 LIMIT %2$d) t
                 WHERE c.c_custkey = t.k
                """.formatted(1000 + b, tenth));
        execute("""
                UPDATE part p SET p_retailprice = p_retailprice + tpch_int(p_partkey, %1$d, -500, 500)::numeric / 100
                  FROM (SELECT p_partkey AS k FROM part ORDER BY hashint8extended(p_partkey, %1$d + 10), 1 LIMIT %2$d) t
                 WHERE p.p_partkey = t.k AND p.p_retailprice > 10
                """.formatted(1000 + b, tenth));
        execute("""
                UPDATE supplier s SET s_nationkey = (s_nationkey + tpch_int(s_suppkey, %1$d, 1, 24)) %% 25
                 WHERE s_suppkey = tpch_int(%1$d, 11, 1, %2$d)
                """.formatted(1000 + b, suppliers));
    }

    /** @return a one-line description of the sizes */
    public String describe() {
        return String.format(Locale.ROOT, "SF %s: %,d parts, %,d suppliers, %,d customers, %,d orders", scale, parts,
                suppliers, customers, orders);
    }

    private void insertOrders(long from, long to) throws SQLException {
        execute(ORDERS.formatted(from, to, customers, parts, suppliers, clerks));
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }
}
