package io.ably4j.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * ANSI styling for terminal output; {@link #PLAIN} leaves text untouched. Colours are used only when standard output is
 * a terminal and {@code NO_COLOR} is unset (see <a href="https://no-color.org">no-color.org</a>). Immutable.
 */
final class Style {
    static final Style PLAIN = new Style(false);
    static final Style ANSI = new Style(true);

    /** Colours cycled through to tell clients apart (not red, yellow or green, which mark states). */
    private static final int[] PALETTE = {36, 35, 34, 96, 95, 94};

    private final boolean enabled;

    private Style(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * {@link #ANSI} when standard output is a terminal and {@code NO_COLOR} is unset or empty in {@code env}, else {@link
     * #PLAIN}.
     */
    static Style detect(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && stdoutIsTerminal() ? ANSI : PLAIN;
    }

    // The null check is right on JDK 17-21; on JDK 22+ Console.isTerminal() is consulted below.
    @SuppressWarnings("SystemConsoleNull")
    private static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a console even when redirected; Console.isTerminal() tells the truth there.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console exists only when stdin and stdout are a terminal
        }
    }

    boolean enabled() {
        return enabled;
    }

    String bold(String s) {
        return sgr("1", s);
    }

    String dim(String s) {
        return sgr("2", s);
    }

    String red(String s) {
        return sgr("31", s);
    }

    String green(String s) {
        return sgr("32", s);
    }

    String yellow(String s) {
        return sgr("33", s);
    }

    String cyan(String s) {
        return sgr("36", s);
    }

    /** {@code s} in the palette colour number {@code index} (modulo the palette size). */
    String palette(int index, String s) {
        return sgr(Integer.toString(PALETTE[Math.floorMod(index, PALETTE.length)]), s);
    }

    private String sgr(String code, String s) {
        return enabled && !s.isEmpty() ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
