package io.ably4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Helpers for building option lists. */
final class Options {
    private Options() {}

    /** {@code common} followed by {@code more}. */
    static List<Option> concat(List<Option> common, Option... more) {
        List<Option> all = new ArrayList<>(common);
        all.addAll(Arrays.asList(more));
        return all;
    }
}
