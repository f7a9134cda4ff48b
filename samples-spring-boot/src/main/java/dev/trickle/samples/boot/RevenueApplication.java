package dev.trickle.samples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that keeps revenue per customer up to date with Trickle: the table {@code orders}
 * ({@code schema.sql}), the stream table {@code revenue_by_customer} declared as a bean ({@link RevenueStreamTables}),
 * refreshed every second by the starter's scheduler, and a demo ({@link RevenueDemo}) that places orders, waits for
 * the scheduler and prints the stream table, its health and its meters.
 *
 * <p>Run it with {@code mvn -B -q -pl samples-spring-boot -am package -DskipTests exec:java}. It runs on an
 * embedded PostgreSQL (the test kit's) unless {@code spring.datasource.url} is set, for example with {@code
 * SPRING_DATASOURCE_URL=jdbc:postgresql://localhost/shop}, {@code SPRING_DATASOURCE_USERNAME} and {@code
 * SPRING_DATASOURCE_PASSWORD}.
 */
@SpringBootApplication
public class RevenueApplication {

    /**
     * Runs the application; it stops when the demo is done.
     *
     * @param args Spring Boot arguments, such as {@code --sample.demo.enabled=false}
     */
    public static void main(String[] args) {
        SpringApplication.run(RevenueApplication.class, args).close();
    }
}
