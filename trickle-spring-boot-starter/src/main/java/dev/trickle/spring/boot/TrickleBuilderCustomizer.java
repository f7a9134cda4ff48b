package dev.trickle.spring.boot;

import dev.trickle.Trickle;

/**
 * Changes the builder of the auto-configured engine after the {@code trickle.*} properties were applied: for the
 * options that are no properties, such as a clock or the executor of the scheduler's ticks. Each option may be set
 * once, so a customizer must not set one that a property sets; listeners are beans of type {@link
 * dev.trickle.spi.RefreshListener}.
 */
@FunctionalInterface
public interface TrickleBuilderCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, with the properties applied
     */
    void customize(Trickle.Builder builder);
}
