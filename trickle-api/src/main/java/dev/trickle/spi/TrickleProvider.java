package dev.trickle.spi;

import dev.trickle.Trickle;
import dev.trickle.TrickleConfig;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Creates engines. Implemented by {@code trickle-engine} and registered with {@link ServiceLoader}; applications
 * do not call it, {@link Trickle.Builder#build()} does.
 */
public interface TrickleProvider {

    /**
     * Creates an engine for {@code config}, without touching the database.
     *
     * @param config the validated configuration
     * @return a new engine, not yet started
     */
    Trickle create(TrickleConfig config);

    /**
     * Finds the provider on the class path.
     *
     * @return the first provider that {@link ServiceLoader} finds
     * @throws IllegalStateException if no engine is on the class path
     */
    static TrickleProvider load() {
        Iterator<TrickleProvider> providers =
                ServiceLoader.load(TrickleProvider.class, TrickleProvider.class.getClassLoader()).iterator();
        if (!providers.hasNext()) {
            throw new IllegalStateException(
                    "no trickle-engine on the class path: add the dev.trickle:trickle-engine dependency");
        }
        return providers.next();
    }
}
