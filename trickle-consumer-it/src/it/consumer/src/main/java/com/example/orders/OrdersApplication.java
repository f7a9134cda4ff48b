package com.example.orders;

import dev.trickle.StreamTableSpec;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The orders service: its stream tables are beans, which the Trickle starter ensures on every start. */
@SpringBootApplication
public class OrdersApplication {

    /** @return the definition of {@code order_totals} */
    @Bean
    StreamTableSpec orderTotals() {
        return OrderTotals.spec();
    }

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
