package io.ably4j.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The annotations of a message: a summary per annotation type. Spec: TM2u, TM8. Summary values are kept as opaque
 * {@link Json} so that annotation types unknown to this library are preserved (TM8a1). Immutable.
 */
public final class MessageAnnotations {
    private static final MessageAnnotations EMPTY = new MessageAnnotations(Collections.emptyMap());

    private final Map<String, Json> summary;

    private MessageAnnotations(Map<String, Json> summary) {
        this.summary = summary;
    }

    /**
     * Annotations with the given summary (copied; keys and values must be non-null).
     *
     * @param summary the summary, keyed by annotation type
     * @return the new annotations
     */
    public static MessageAnnotations of(Map<String, Json> summary) {
        Values.requireArg(summary, "summary");
        if (summary.isEmpty()) {
            return EMPTY;
        }
        Map<String, Json> copy = new LinkedHashMap<>(summary.size() * 2);
        for (Map.Entry<String, Json> e : summary.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw Values.invalid("annotation summary must not contain null keys or values");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return new MessageAnnotations(Collections.unmodifiableMap(copy));
    }

    /**
     * Annotations with an empty summary.
     *
     * @return annotations with no summary entries
     */
    public static MessageAnnotations empty() {
        return EMPTY;
    }

    /** {@return the summary by annotation type; empty when absent} Spec: TM8a. Unmodifiable. */
    public Map<String, Json> summary() {
        return summary;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o || (o instanceof MessageAnnotations a && summary.equals(a.summary));
    }

    @Override
    public int hashCode() {
        return summary.hashCode();
    }

    @Override
    public String toString() {
        return "MessageAnnotations{summary=" + summary + '}';
    }
}
