package dev.trickle.engine;

import dev.trickle.Trickle;
import dev.trickle.TrickleConfig;
import dev.trickle.spi.TrickleProvider;

/** Registered with {@link java.util.ServiceLoader}: how {@link Trickle.Builder#build()} finds this engine. */
public final class EngineProvider implements TrickleProvider {
    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public EngineProvider() {}

    @Override
    public Trickle create(TrickleConfig config) {
        return new TrickleEngine(config);
    }
}
