package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.Trickle;
import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** The application on a database of its own: the stream table is there at start, refreshed, measured and healthy. */
@SpringBootTest
class OrdersApplicationTest {

    /** The application's DataSource: a fresh database on the test kit's PostgreSQL, dropped afterwards. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Database {
        @Bean(destroyMethod = "close")
        TestDatabase testDatabase() {
            return TestPostgres.createDatabase();
        }

        @Bean
        DataSource dataSource(TestDatabase database) {
            return database.dataSource();
        }
    }

    @Autowired JdbcTemplate jdbc;
    @Autowired Trickle trickle;
    @Autowired MeterRegistry registry;
    @Autowired HealthEndpoint health;

    @Test
    void start_ensuresTheStreamTable_andRefreshesAreMeasured() {
        assertThat(trickle.streamTable("order_totals")).isPresent();

        jdbc.update("INSERT INTO orders VALUES (1, 7, 10.50), (2, 7, 5)");
        trickle.refresh("order_totals");

        assertThat(jdbc.queryForObject("SELECT total FROM order_totals WHERE customer_id = 7", String.class))
                .isEqualTo("15.50");
        assertThat(registry.get("trickle.refresh").tags("stream_table", "public.order_totals", "trigger", "manual")
                .timers()).isNotEmpty().allSatisfy(timer -> assertThat(timer.count()).isPositive());
        assertThat(health.healthForPath("trickle").getStatus()).isEqualTo(Status.UP);
    }
}
