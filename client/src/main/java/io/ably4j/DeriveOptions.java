package io.ably4j;

import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a derived channel is derived from its base channel: for now, the {@link #filter() filter} expression that selects
 * the messages the server sends on it. Spec: DO1, DO2. Pass it to {@link Channels#getDerived}. Immutable and
 * thread-safe; build with {@link #builder()} or {@link #filter(String)}.
 *
 * <p>The expression (JMESPath) is evaluated by the server against each message; Ably documents {@code name} and {@code
 * headers.<key>} (the message's {@code extras.headers}) as what it may read (the ably4j emulator also accepts {@code
 * clientId}), with the operators {@code == != < <= > >= && || !} and parentheses, e.g. {@code name == 'order' &&
 * headers.priority > `2`}. The library does not check it: a server that cannot parse it fails the channel's attach.
 */
public final class DeriveOptions {
    private final String filter;

    private DeriveOptions(Builder b) {
        if (b.filter == null || b.filter.isEmpty()) {
            throw Errors.badArgument("DeriveOptions needs a non-empty filter expression");
        }
        this.filter = b.filter;
    }

    /** {@return a new builder with no filter} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Derive options with {@code filter} only.
     *
     * @param filter the filter expression (see the class documentation)
     * @return the options
     * @throws AblyException 40000 if {@code filter} is null or empty
     */
    public static DeriveOptions filter(String filter) {
        return builder().filter(filter).build();
    }

    /** {@return the filter expression, as given (a JMESPath-style expression, DO2a)} */
    public String filter() {
        return filter;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof DeriveOptions d && d.filter.equals(filter);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(filter);
    }

    @Override
    public String toString() {
        return "DeriveOptions{filter=" + filter + "}";
    }

    /** Builds {@link DeriveOptions}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String filter;

        private Builder() {}

        /**
         * Sets {@link DeriveOptions#filter()}.
         *
         * @param filter the filter expression; required, non-empty
         * @return this builder
         */
        public Builder filter(String filter) {
            this.filter = filter;
            return this;
        }

        /**
         * {@return the options set on this builder}
         *
         * @throws AblyException 40000 if no non-empty filter was set
         */
        public DeriveOptions build() {
            return new DeriveOptions(this);
        }
    }
}
