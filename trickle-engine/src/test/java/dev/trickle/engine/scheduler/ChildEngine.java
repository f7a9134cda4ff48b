package dev.trickle.engine.scheduler;

import dev.trickle.Trickle;

/**
 * A separate JVM that refreshes one stream table over and over, for tests that kill an engine's process in the
 * middle of a refresh. Arguments: JDBC URL, user, password (or {@code -}), stream table name.
 */
public final class ChildEngine {
    private ChildEngine() {}

    /**
     * Runs until killed.
     *
     * @param args JDBC URL, user, password or {@code -}, stream table
     */
    public static void main(String[] args) {
        try (Trickle engine = Trickle.builder(args[0], args[1], "-".equals(args[2]) ? null : args[2])
                .fullRefreshThreshold(1e9).build()) {
            System.out.println("child engine ready");
            System.out.flush();
            while (true) {
                engine.refresh(args[3]);
            }
        }
    }
}
