package dev.trickle.samples.boot;

import dev.trickle.testkit.TestDatabase;
import dev.trickle.testkit.TestPostgres;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database when {@code spring.datasource.url} is not set: a fresh database on the test kit's embedded
 * PostgreSQL, dropped when the application stops. With the property set, Spring Boot's own {@code DataSource} is
 * used and this configuration does nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedDatabase {

    /** @return a database of its own on the embedded PostgreSQL */
    @Bean(destroyMethod = "close")
    TestDatabase embeddedPostgres() {
        return TestPostgres.createDatabase();
    }

    /**
     * The application's data source on that database.
     *
     * @param database the database
     * @return its pool
     */
    @Bean
    DataSource dataSource(TestDatabase database) {
        return database.dataSource();
    }
}
