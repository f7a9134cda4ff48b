package dev.trickle.engine.refresh;

import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.spi.RefreshListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the application's {@link RefreshListener}, if any, and logs; a listener that throws is logged, not fatal. */
public final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final @Nullable RefreshListener listener;

    /**
     * Wraps a listener.
     *
     * @param listener the application's listener, or {@code null}
     */
    public Notifier(@Nullable RefreshListener listener) {
        this.listener = listener;
    }

    void refreshed(RefreshResult result, boolean scheduled) {
        if (listener != null) {
            try {
                listener.onRefresh(result, scheduled);
            } catch (RuntimeException e) {
                LOG.warn("refresh listener failed on {}", result, e);
            }
        }
    }

    void failed(TableName name, RefreshException failure, boolean scheduled) {
        LOG.warn("refresh of '{}' failed ({}): {}", name, failure.isTransient() ? "transient" : "permanent",
                failure.getMessage());
        if (listener != null) {
            try {
                listener.onFailure(name, failure, scheduled);
            } catch (RuntimeException e) {
                LOG.warn("refresh listener failed on the failure of '{}'", name, e);
            }
        }
    }

    /**
     * Reports a status change (nothing if the status did not change).
     *
     * @param name the stream table
     * @param from the old status
     * @param to the new status
     * @param reason why, or {@code null}
     */
    public void statusChanged(TableName name, StreamTableStatus from, StreamTableStatus to, @Nullable String reason) {
        if (from == to) {
            return;
        }
        if (to == StreamTableStatus.ACTIVE) {
            LOG.info("stream table '{}' is {} again (was {})", name, to, from);
        } else {
            LOG.warn("stream table '{}' is now {}: {}", name, to, reason);
        }
        if (listener != null) {
            try {
                listener.onStatusChange(name, from, to, reason);
            } catch (RuntimeException e) {
                LOG.warn("refresh listener failed on the status change of '{}'", name, e);
            }
        }
    }
}
