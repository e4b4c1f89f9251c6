package io.ably4j;

import io.ably4j.internal.util.Errors;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The query of {@link RestClient#stats(StatsParams)}: every parameter is optional, and Ably's defaults apply to those
 * not set (the last 100 minutes, newest first). Spec: RSC6b. Immutable; build with {@link #builder()}.
 */
public final class StatsParams {
    /** The order of the results. Spec: RSC6b2. */
    public enum Direction {
        /** Newest first: Ably's default. */
        BACKWARDS,
        /** Oldest first. */
        FORWARDS
    }

    /** The granularity of the statistics. Spec: RSC6b4, TS12c. */
    public enum Unit {
        /** One data point per minute. */
        MINUTE,
        /** One data point per hour. */
        HOUR,
        /** One data point per day. */
        DAY,
        /** One data point per month. */
        MONTH
    }

    private final @Nullable Long start;
    private final @Nullable Long end;
    private final @Nullable Direction direction;
    private final @Nullable Integer limit;
    private final @Nullable Unit unit;

    private StatsParams(Builder b) {
        this.start = b.start;
        this.end = b.end;
        this.direction = b.direction;
        this.limit = b.limit;
        this.unit = b.unit;
    }

    /** {@return a builder with no parameter set} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the earliest time, in milliseconds since the epoch, or null} Spec: RSC6b1. */
    public @Nullable Long start() {
        return start;
    }

    /** {@return the latest time, in milliseconds since the epoch, or null} Spec: RSC6b1. */
    public @Nullable Long end() {
        return end;
    }

    /** {@return the order, or null for Ably's default, backwards} Spec: RSC6b2. */
    public @Nullable Direction direction() {
        return direction;
    }

    /** {@return the maximum number of items per page, or null for Ably's default, 100} Spec: RSC6b3. */
    public @Nullable Integer limit() {
        return limit;
    }

    /** {@return the granularity, or null for Ably's default, minute} Spec: RSC6b4. */
    public @Nullable Unit unit() {
        return unit;
    }

    /** {@return the query parameters of the request, as Ably names them} */
    public Map<String, String> toQuery() {
        Map<String, String> q = new LinkedHashMap<>();
        if (start != null) {
            q.put("start", Long.toString(start));
        }
        if (end != null) {
            q.put("end", Long.toString(end));
        }
        if (direction != null) {
            q.put("direction", direction.name().toLowerCase(Locale.ROOT));
        }
        if (limit != null) {
            q.put("limit", Integer.toString(limit));
        }
        if (unit != null) {
            q.put("unit", unit.name().toLowerCase(Locale.ROOT));
        }
        return q;
    }

    @Override
    public String toString() {
        return "StatsParams" + toQuery();
    }

    /** Builds {@link StatsParams}; not thread-safe. */
    public static final class Builder {
        private @Nullable Long start;
        private @Nullable Long end;
        private @Nullable Direction direction;
        private @Nullable Integer limit;
        private @Nullable Unit unit;

        private Builder() {}

        /**
         * See {@link StatsParams#start()}; null clears it.
         *
         * @param startMillis the earliest time, in milliseconds since the epoch, or null
         * @return this builder
         */
        public Builder start(@Nullable Long startMillis) {
            this.start = startMillis;
            return this;
        }

        /**
         * See {@link StatsParams#end()}; null clears it.
         *
         * @param endMillis the latest time, in milliseconds since the epoch, or null
         * @return this builder
         */
        public Builder end(@Nullable Long endMillis) {
            this.end = endMillis;
            return this;
        }

        /**
         * See {@link StatsParams#direction()}; null clears it.
         *
         * @param direction the order, or null for Ably's default, backwards
         * @return this builder
         */
        public Builder direction(@Nullable Direction direction) {
            this.direction = direction;
            return this;
        }

        /**
         * See {@link StatsParams#limit()}; null clears it.
         *
         * @param limit the maximum number of items per page, or null for Ably's default, 100
         * @return this builder
         * @throws io.ably4j.types.AblyException 40003 unless 1-1000 (RSC6b3)
         */
        public Builder limit(@Nullable Integer limit) {
            if (limit != null && (limit < 1 || limit > 1000)) {
                throw Errors.exception(Errors.INVALID_PARAMETER_VALUE, "limit must be 1-1000, got " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * See {@link StatsParams#unit()}; null clears it.
         *
         * @param unit the granularity, or null for Ably's default, minute
         * @return this builder
         */
        public Builder unit(@Nullable Unit unit) {
            this.unit = unit;
            return this;
        }

        /**
         * {@return the parameters}
         *
         * @throws io.ably4j.types.AblyException 40003 if start is after end (RSC6b1)
         */
        public StatsParams build() {
            if (start != null && end != null && start > end) {
                throw Errors.exception(
                        Errors.INVALID_PARAMETER_VALUE, "start (" + start + ") must not be after end (" + end + ")");
            }
            return new StatsParams(this);
        }
    }
}
