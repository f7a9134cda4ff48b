package dev.trickle;

/**
 * How an engine captures the changes of a source it starts to capture (the first stream table over it). A source
 * keeps the capture it got until its last reader is dropped, whatever later engines are set to: a source captured by
 * triggers stays so under an engine set to {@link #WAL}, and the other way round.
 */
public enum CaptureMode {
    /**
     * Statement-level triggers copy each write into the source's change buffer, inside the writing transaction. The
     * default: needs only the {@code TRIGGER} privilege on the source.
     */
    TRIGGERS,
    /**
     * Refreshes read the changes from the write-ahead log (logical decoding, plugin {@code pgoutput}) into the same
     * change buffers: writes pay almost nothing, refreshes pay the decoding. Needs {@code wal_level = logical}, a role
     * with the {@code REPLICATION} attribute (or a superuser), and ownership of each source (its replica identity is set
     * to {@code FULL} and it is added to publication {@code pgtrickle}). One replication slot per database retains the
     * WAL that no refresh has read yet: a database whose stream tables are no longer refreshed keeps WAL until they
     * are, or are dropped.
     */
    WAL
}
