package io.ably4j;

import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of a history query: a time interval, a direction, a page size and, for a realtime channel, {@link
 * #untilAttach()}. Spec: RSL2b, RSP4b, RTL10. Absent values take the REST API's defaults (backwards, 100 per page).
 * Immutable and thread-safe; build with {@link #builder()}.
 *
 * <pre>{@code
 * HistoryParams params = HistoryParams.builder().direction(Direction.FORWARDS).limit(50).build();
 * }</pre>
 */
public final class HistoryParams {
    private static final HistoryParams DEFAULTS = builder().build();

    /** The largest page a query may ask for. Spec: RSL2b3. */
    public static final int MAX_LIMIT = 1000;

    /** The order of the results. Spec: RSL2b2. */
    public enum Direction {
        /** Oldest first. */
        FORWARDS,
        /** Newest first: the REST API's default. */
        BACKWARDS;

        /** {@return the value of the {@code direction} query parameter} */
        public String wireValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final @Nullable Long start;
    private final @Nullable Long end;
    private final @Nullable Direction direction;
    private final @Nullable Integer limit;
    private final boolean untilAttach;

    private HistoryParams(Builder b) {
        this.start = b.start;
        this.end = b.end;
        this.direction = b.direction;
        this.limit = b.limit;
        this.untilAttach = b.untilAttach;
    }

    /** {@return empty parameters: the REST API's defaults} */
    public static HistoryParams defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder initialised with the fields of this {@code HistoryParams}} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.start = start;
        b.end = end;
        b.direction = direction;
        b.limit = limit;
        b.untilAttach = untilAttach;
        return b;
    }

    /**
     * {@return the earliest time of the results, in milliseconds since the epoch, inclusive; null for none} Spec:
     * RSL2b1.
     */
    public @Nullable Long start() {
        return start;
    }

    /**
     * {@return the latest time of the results, in milliseconds since the epoch, inclusive; null for none} Spec: RSL2b1.
     */
    public @Nullable Long end() {
        return end;
    }

    /** {@return the order of the results; null for the REST API's default, backwards} Spec: RSL2b2. */
    public @Nullable Direction direction() {
        return direction;
    }

    /** {@return the page size, 1 to {@value #MAX_LIMIT}; null for the REST API's default, 100} Spec: RSL2b3. */
    public @Nullable Integer limit() {
        return limit;
    }

    /**
     * {@return whether a realtime channel's history ends where its current attachment began: the query then carries
     * {@code fromSerial} set to the channel's {@link ChannelProperties#attachSerial() attachSerial}, and the channel
     * must be ATTACHED} Spec: RTL10b. A REST channel is never attached, so its queries refuse it.
     */
    public boolean untilAttach() {
        return untilAttach;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof HistoryParams p
                && Objects.equals(start, p.start)
                && Objects.equals(end, p.end)
                && direction == p.direction
                && Objects.equals(limit, p.limit)
                && untilAttach == p.untilAttach;
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, end, direction, limit, untilAttach);
    }

    @Override
    public String toString() {
        return "HistoryParams{start=" + start + ", end=" + end + ", direction=" + direction + ", limit=" + limit
                + ", untilAttach=" + untilAttach + "}";
    }

    /** A builder of {@link HistoryParams}; not thread-safe. */
    public static final class Builder {
        private @Nullable Long start;
        private @Nullable Long end;
        private @Nullable Direction direction;
        private @Nullable Integer limit;
        private boolean untilAttach;

        private Builder() {}

        /**
         * See {@link HistoryParams#start()}; null for none.
         *
         * @param startMillis the earliest time of the results, in milliseconds since the epoch, inclusive; null for
         *     none
         * @return this builder
         */
        public Builder start(@Nullable Long startMillis) {
            this.start = startMillis;
            return this;
        }

        /**
         * See {@link HistoryParams#end()}; null for none.
         *
         * @param endMillis the latest time of the results, in milliseconds since the epoch, inclusive; null for none
         * @return this builder
         */
        public Builder end(@Nullable Long endMillis) {
            this.end = endMillis;
            return this;
        }

        /**
         * See {@link HistoryParams#direction()}; null for the default.
         *
         * @param direction the order of the results; null for the REST API's default, backwards
         * @return this builder
         */
        public Builder direction(@Nullable Direction direction) {
            this.direction = direction;
            return this;
        }

        /**
         * See {@link HistoryParams#limit()}; null for the default.
         *
         * @param limit the page size, 1 to {@value #MAX_LIMIT}; null for the REST API's default, 100
         * @return this builder
         * @throws AblyException 40003 unless {@code limit} is between 1 and {@value #MAX_LIMIT}
         */
        public Builder limit(@Nullable Integer limit) {
            if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
                throw invalid("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * See {@link HistoryParams#untilAttach()}; default false. Spec: RTL10b.
         *
         * @param untilAttach whether a realtime channel's history ends where its current attachment began: the query
         *     then carries {@code fromSerial} set to the channel's {@link ChannelProperties#attachSerial()
         *     attachSerial}, and the channel must be ATTACHED
         * @return this builder
         */
        public Builder untilAttach(boolean untilAttach) {
            this.untilAttach = untilAttach;
            return this;
        }

        /**
         * {@return the parameters}
         *
         * @throws AblyException 40003 if {@code start} is after {@code end} (RSL2b1)
         */
        public HistoryParams build() {
            if (start != null && end != null && start > end) {
                throw invalid("start (" + start + ") must not be after end (" + end + ")");
            }
            return new HistoryParams(this);
        }

        static AblyException invalid(String message) {
            return new AblyException(ErrorInfo.of(Errors.INVALID_PARAMETER_VALUE, 400, message));
        }
    }
}
