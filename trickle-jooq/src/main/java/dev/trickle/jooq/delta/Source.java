package dev.trickle.jooq.delta;

import dev.trickle.jooq.plan.Scan;
import java.util.Objects;

/**
 * A scan read at a version, one relation of a delta term's FROM list.
 *
 * @param scan the scan
 * @param version its post-state or its changes
 */
public record Source(Scan scan, Version version) {
    /**
     * Checks the components.
     *
     * @param scan the scan
     * @param version its post-state or its changes
     */
    public Source {
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(version, "version");
    }
}
