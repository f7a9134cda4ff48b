/**
 * Spring Boot auto-configuration of Trickle: {@link dev.trickle.spring.boot.TrickleAutoConfiguration} builds an
 * engine on the application's {@code DataSource} from the {@code trickle.*} properties ({@link
 * dev.trickle.spring.boot.TrickleProperties}) and runs it with the context ({@link
 * dev.trickle.spring.boot.TrickleLifecycle}); the health indicator and the Micrometer meters come with Actuator.
 *
 * <p>Depends on {@code dev.trickle}, {@code dev.trickle.spi}, {@code dev.trickle.monitor}, {@code
 * dev.trickle.micrometer} and Spring Boot.
 */
@NullMarked
package dev.trickle.spring.boot;

import org.jspecify.annotations.NullMarked;
