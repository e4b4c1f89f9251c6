package io.ably4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a command accepts, and its help text.
 *
 * @param name the command name, e.g. {@code publish}
 * @param positionals the names of the required positional arguments, in order, e.g. {@code CHANNEL}
 * @param summary one line for the tool's command list
 * @param description paragraphs shown by {@code ably4j COMMAND --help}
 * @param options the options, in help order
 */
record CommandSpec(String name, List<String> positionals, String summary, String description, List<Option> options) {

    CommandSpec {
        positionals = List.copyOf(positionals);
        options = List.copyOf(options);
    }

    /** {@code ably4j publish [options] CHANNEL NAME DATA}. */
    String usageLine() {
        StringBuilder sb = new StringBuilder("ably4j ").append(name).append(" [options]");
        for (String p : positionals) {
            sb.append(' ').append(p);
        }
        return sb.toString();
    }

    /** The full help of the command. */
    String help() {
        List<String> lines = new ArrayList<>();
        lines.add("Usage: " + usageLine());
        lines.add("");
        lines.add(description);
        lines.add("");
        lines.add("Options:");
        int width = "-h, --help".length();
        for (Option o : options) {
            width = Math.max(width, o.synopsis().length());
        }
        for (Option o : options) {
            lines.add("  " + pad(o.synopsis(), width) + "  " + o.help());
        }
        lines.add("  " + pad("-h, --help", width) + "  show this help");
        return String.join("\n", lines);
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
