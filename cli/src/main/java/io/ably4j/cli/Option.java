package io.ably4j.cli;

import org.jspecify.annotations.Nullable;

/**
 * One command-line option. A value option ({@code --count N}) stores its argument under {@link #key()}; a flag
 * ({@code --json}) stores {@link #constant()} under its key, so that mutually exclusive flags such as {@code --tls} and
 * {@code --no-tls} share a key and the last one given wins.
 *
 * @param name the option as typed, e.g. {@code --count}
 * @param metavar the placeholder of the value in help, e.g. {@code N}; null for a flag
 * @param key the key under which {@link ParsedArgs} stores the value
 * @param constant the value stored by a flag; null for a value option
 * @param help one line of help
 */
record Option(
        String name,
        @Nullable String metavar,
        String key,
        @Nullable String constant,
        String help) {

    /** An option that takes a value: {@code --name VALUE} or {@code --name=VALUE}; stored under the name. */
    static Option value(String name, String metavar, String help) {
        return new Option(name, metavar, name.substring(2), null, help);
    }

    /** A flag that stores {@code constant} under {@code key}. */
    static Option flag(String name, String key, String constant, String help) {
        return new Option(name, null, key, constant, help);
    }

    /** A flag that stores {@code "true"} under its own name. */
    static Option flag(String name, String help) {
        return flag(name, name.substring(2), "true", help);
    }

    boolean takesValue() {
        return metavar != null;
    }

    /** The option as shown in help: {@code --count N}. */
    String synopsis() {
        return metavar == null ? name : name + " " + metavar;
    }
}
