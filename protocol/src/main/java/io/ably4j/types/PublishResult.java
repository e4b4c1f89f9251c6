package io.ably4j.types;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of one acknowledged publish: one serial per published message, in order; a serial is null when the message
 * was discarded by conflation. Spec: PBR1, PBR2. Immutable.
 */
public final class PublishResult {
    private static final PublishResult EMPTY = new PublishResult(Collections.emptyList());

    private final List<@Nullable String> serials;

    private PublishResult(List<@Nullable String> serials) {
        this.serials = serials;
    }

    /**
     * A result with the given serials (copied; null elements allowed).
     *
     * @param serials one serial per published message, in order; null for a message the server discarded
     * @return the new result
     */
    public static PublishResult of(List<@Nullable String> serials) {
        Values.requireArg(serials, "serials");
        return serials.isEmpty() ? EMPTY : new PublishResult(Collections.unmodifiableList(new ArrayList<>(serials)));
    }

    /** {@return the message serials; unmodifiable, may contain nulls} Spec: PBR2a. */
    public List<@Nullable String> serials() {
        return serials;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o || (o instanceof PublishResult r && serials.equals(r.serials));
    }

    @Override
    public int hashCode() {
        return serials.hashCode();
    }

    @Override
    public String toString() {
        return "PublishResult{serials=" + serials + '}';
    }
}
