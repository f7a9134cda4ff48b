package dev.trickle;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Defining a stream table this way would make it read itself, directly or through other stream tables. Nothing was
 * changed. {@link #cycle()} lists the cycle in the direction data flows: each table is read by the next, and the
 * list starts and ends with the stream table being defined, for example {@code [a, b, c, a]} when {@code b} reads
 * {@code a}, {@code c} reads {@code b} and {@code a} was about to read {@code c}.
 */
public final class DependencyCycleException extends TrickleException {
    private static final long serialVersionUID = 1L;
    /** The stream table whose query would close the cycle. */
    private final TableName streamTable;
    /** The stream tables of the cycle, in reading order. */
    private final List<TableName> cycle;

    /**
     * Creates the exception, with a message such as
     * {@code stream table 'a' would depend on itself: a -> b -> c -> a}.
     *
     * @param cycle the cycle in the direction data flows, starting and ending with the stream table being defined;
     *     at least two entries ({@code [a, a]} when {@code a} would read itself)
     * @param cause the graph library's error, if any
     * @throws IllegalArgumentException if {@code cycle} has fewer than two entries or does not end where it starts
     */
    public DependencyCycleException(List<TableName> cycle, @Nullable Throwable cause) {
        super(message(cycle), cause);
        this.cycle = List.copyOf(cycle);
        this.streamTable = cycle.get(0);
    }

    /** @return the stream table whose definition was rejected */
    public TableName streamTable() {
        return streamTable;
    }

    /** @return the cycle in the direction data flows, starting and ending with {@link #streamTable()} */
    public List<TableName> cycle() {
        return cycle;
    }

    private static String message(List<TableName> cycle) {
        Checks.requireArgument(cycle.size() >= 2 && cycle.get(0).equals(cycle.get(cycle.size() - 1)),
                "a cycle must start and end with the same table: %s", cycle);
        return "stream table '" + cycle.get(0) + "' would depend on itself: "
                + cycle.stream().map(TableName::toString).collect(Collectors.joining(" -> "));
    }
}
