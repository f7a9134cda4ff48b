package dev.trickle.samples.boot;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;

import dev.trickle.RefreshResult;
import dev.trickle.StreamTableSpec;
import dev.trickle.spi.RefreshListener;
import java.math.BigDecimal;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The stream tables of the application, declared as beans: the starter creates or updates them on start. */
@Configuration(proxyBeanMethods = false)
public class RevenueStreamTables {
    /** The name of the stream table. */
    public static final String REVENUE_BY_CUSTOMER = "revenue_by_customer";

    private static final Logger LOG = LoggerFactory.getLogger(RevenueStreamTables.class);

    static final Table<Record> ORDERS = table(name("orders"));
    static final Field<String> CUSTOMER = field(name("orders", "customer"), SQLDataType.VARCHAR);
    static final Field<BigDecimal> AMOUNT = field(name("orders", "amount"), SQLDataType.NUMERIC(10, 2));

    // tag::spec-bean[]
    @Bean
    StreamTableSpec revenueByCustomer() {
        return StreamTableSpec.builder(REVENUE_BY_CUSTOMER,
                        select(CUSTOMER, sum(AMOUNT).as("revenue"), count().as("orders"))
                                .from(ORDERS)
                                .groupBy(CUSTOMER))
                .schedule("1s")
                .build();
    }
    // end::spec-bean[]

    // tag::listener-bean[]
    @Bean
    RefreshListener refreshLog() {
        return new RefreshListener() {
            @Override
            public void onRefresh(RefreshResult result, boolean scheduled) {
                if (result.rowsChanged() > 0) {
                    LOG.info("{}: {} rows changed ({})", result.streamTable(), result.rowsChanged(), result.action());
                }
            }
        };
    }
    // end::listener-bean[]
}
