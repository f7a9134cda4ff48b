package dev.trickle.spring.boot;

import dev.trickle.RefreshException;
import dev.trickle.RefreshResult;
import dev.trickle.StreamTableStatus;
import dev.trickle.TableName;
import dev.trickle.spi.RefreshListener;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine takes one listener: this one tells every {@link RefreshListener} bean in turn. A listener that throws
 * is logged, and the others still hear the event.
 */
final class RefreshListeners implements RefreshListener {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshListeners.class);

    private final List<RefreshListener> listeners;

    RefreshListeners(List<RefreshListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onRefresh(RefreshResult result, boolean scheduled) {
        each(l -> l.onRefresh(result, scheduled));
    }

    @Override
    public void onFailure(TableName streamTable, RefreshException failure, boolean scheduled) {
        each(l -> l.onFailure(streamTable, failure, scheduled));
    }

    @Override
    public void onStatusChange(TableName streamTable, StreamTableStatus from, StreamTableStatus to,
            @Nullable String reason) {
        each(l -> l.onStatusChange(streamTable, from, to, reason));
    }

    private void each(java.util.function.Consumer<RefreshListener> event) {
        for (RefreshListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("refresh listener {} failed", l, e);
            }
        }
    }

    @Override
    public String toString() {
        return "RefreshListeners" + listeners;
    }
}
