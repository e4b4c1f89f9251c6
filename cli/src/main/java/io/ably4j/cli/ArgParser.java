package io.ably4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses a command's arguments against its {@link CommandSpec}. Accepted syntax: options anywhere ({@code --count 3},
 * {@code --count=3}, flags such as {@code --json}); {@code -h} or {@code --help}; {@code --} ends the options, so that
 * later arguments are positional even if they start with {@code --}. A single {@code -} or a token starting with one
 * dash followed by anything but {@code h} (such as {@code -5}) is positional. When an option is given twice, the last
 * one wins. Stateless.
 */
final class ArgParser {
    private ArgParser() {}

    /**
     * Parses {@code args}.
     *
     * @throws UsageException for an unknown option, an option missing its value, a value given to a flag, or the wrong
     *     number of positional arguments (not checked when help is requested)
     */
    static ParsedArgs parse(CommandSpec spec, List<String> args) throws UsageException {
        Map<String, Option> byName = new LinkedHashMap<>();
        for (Option o : spec.options()) {
            byName.put(o.name(), o);
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean help = false;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded
                    || !arg.startsWith("-")
                    || arg.equals("-")
                    || (!arg.startsWith("--") && !arg.equals("-h"))) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            @Nullable String inline = eq < 0 ? null : arg.substring(eq + 1);
            Option option = byName.get(name);
            if (option == null) {
                throw new UsageException("unknown option " + name + suggestion(name, byName.keySet()));
            }
            String constant = option.constant();
            if (constant != null) {
                if (inline != null) {
                    throw new UsageException(name + " takes no value");
                }
                values.put(option.key(), constant);
            } else if (inline != null) {
                values.put(option.key(), inline);
            } else if (i + 1 < args.size()) {
                values.put(option.key(), args.get(++i));
            } else {
                throw new UsageException(name + " needs a value (" + option.synopsis() + ")");
            }
        }
        if (!help) {
            int expected = spec.positionals().size();
            if (positionals.size() < expected) {
                List<String> missing = spec.positionals().subList(positionals.size(), expected);
                throw new UsageException("missing " + String.join(" ", missing));
            }
            if (positionals.size() > expected) {
                throw new UsageException("unexpected argument '" + positionals.get(expected) + "'"
                        + (expected == 0 ? "" : " (expected " + String.join(" ", spec.positionals()) + ")"));
            }
        }
        return new ParsedArgs(spec.name(), positionals, values, help);
    }

    /** {@code " (did you mean --count?)"} when a known name is one or two edits away, else empty. */
    static String suggestion(String typed, Iterable<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(typed, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
