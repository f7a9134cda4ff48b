package dev.trickle;

/** Argument and state checks with formatted messages, after Caffeine's {@code requireArgument}. */
final class Checks {
    private Checks() {}

    static void requireArgument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    static void requireState(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, args));
        }
    }
}
