package dev.trickle.spi;

/**
 * Turns off jOOQ's start-up logo and "tip of the day" for Trickle's use of jOOQ. Trickle's entry points (the spec
 * builder, the engine, the compiler and the test kit) call {@link #off()} before they touch jOOQ, so that the first
 * query jOOQ renders logs neither. A value the application set itself, such as {@code -Dorg.jooq.no-logo=false},
 * is left as it is. jOOQ reads the properties once, when its rendering classes initialise: an application that
 * rendered SQL with jOOQ before it used Trickle has already seen (or turned off) the logo itself.
 */
public final class JooqBanner {
    /** The system property that turns off jOOQ's logo. */
    public static final String NO_LOGO = "org.jooq.no-logo";
    /** The system property that turns off jOOQ's tip of the day. */
    public static final String NO_TIPS = "org.jooq.no-tips";

    private JooqBanner() {}

    /** Sets {@value #NO_LOGO} and {@value #NO_TIPS} to {@code true} unless they are set already. Thread-safe. */
    public static void off() {
        setIfAbsent(NO_LOGO);
        setIfAbsent(NO_TIPS);
    }

    private static void setIfAbsent(String property) {
        try {
            synchronized (System.getProperties()) {
                if (System.getProperty(property) == null) {
                    System.setProperty(property, "true");
                }
            }
        } catch (SecurityException e) {
            // a security manager that forbids it: jOOQ then logs its banner, which is harmless
        }
    }
}
