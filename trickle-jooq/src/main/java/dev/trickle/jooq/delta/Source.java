package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Scan;
import java.util.Objects;

/**
 * A scan read at a version, one relation of a delta term's FROM list.
 *
 * @param scan the scan
 * @param version its post-state, its changes, or NULL padding
 */
public record Source(Scan scan, Version version) implements From {
    /**
     * Checks the components.
     *
     * @param scan the scan
     * @param version its post-state, its changes, or NULL padding
     */
    public Source {
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(version, "version");
    }
}
