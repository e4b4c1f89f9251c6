package io.ably4j.emulator;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A declarative fault on protocol messages: which frames it matches (direction, and optionally
 * action, channel and connection) and what happens to them (suppressed, or delayed while keeping
 * order). Rules are evaluated in the order they were added; the first match wins; a rule with a
 * {@code times} limit is removed after that many firings. Immutable.
 */
public final class FrameRule {
    /** Which way a frame travels. */
    public enum Direction {
        TO_CLIENT,
        TO_SERVER
    }

    private final Direction direction;
    private final @Nullable Integer action;
    private final @Nullable String channel;
    private final @Nullable String connectionId;
    private final @Nullable Duration delay;
    private final int times;

    private FrameRule(Builder b) {
        this.direction = b.direction;
        this.action = b.action;
        this.channel = b.channel;
        this.connectionId = b.connectionId;
        this.delay = b.delay;
        this.times = b.times;
    }

    /** Starts a rule on frames sent by the emulator to clients. */
    public static Builder toClient() {
        return new Builder(Direction.TO_CLIENT);
    }

    /** Starts a rule on frames received by the emulator from clients. */
    public static Builder toServer() {
        return new Builder(Direction.TO_SERVER);
    }

    public Direction direction() {
        return direction;
    }

    /** {@return the matched action number, null for any} */
    public @Nullable Integer action() {
        return action;
    }

    public @Nullable String channel() {
        return channel;
    }

    public @Nullable String connectionId() {
        return connectionId;
    }

    /** {@return the delay, or null when matching frames are suppressed} */
    public @Nullable Duration delay() {
        return delay;
    }

    /** {@return number of firings before the rule removes itself; 0 = unlimited} */
    public int times() {
        return times;
    }

    /** Whether this rule matches a frame. */
    public boolean matches(
            Direction dir, int frameAction, @Nullable String frameChannel, @Nullable String frameConnectionId) {
        return dir == direction
                && (action == null || action == frameAction)
                && (channel == null || channel.equals(frameChannel))
                && (connectionId == null || connectionId.equals(frameConnectionId));
    }

    @Override
    public String toString() {
        return "FrameRule{" + direction + ", action=" + action + ", channel=" + channel + ", connectionId="
                + connectionId + ", " + (delay == null ? "suppress" : "delay " + delay) + ", times=" + times + "}";
    }

    /** Builder; finish with {@link #suppress()} or {@link #delay(Duration)}. */
    public static final class Builder {
        private final Direction direction;
        private @Nullable Integer action;
        private @Nullable String channel;
        private @Nullable String connectionId;
        private @Nullable Duration delay;
        private int times;

        private Builder(Direction direction) {
            this.direction = direction;
        }

        /**
         * Matches only this action number (see the protocol's action table, e.g. 1 = ACK).
         *
         * @param action matches only this action number (see the protocol's action table, e.g. 1 = ACK)
         * @return this builder
         */
        public Builder action(int action) {
            this.action = action;
            return this;
        }

        /**
         * Matches only frames for this channel.
         *
         * @param channel matches only frames for this channel
         * @return this builder
         */
        public Builder channel(String channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Matches only frames of this connection.
         *
         * @param connectionId matches only frames of this connection
         * @return this builder
         */
        public Builder connectionId(String connectionId) {
            this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
            return this;
        }

        /**
         * Removes the rule after {@code times} firings (0 = never).
         *
         * @param times removes the rule after {@code times} firings (0 = never)
         * @return this builder
         */
        public Builder times(int times) {
            if (times < 0) {
                throw new IllegalArgumentException("times must be >= 0");
            }
            this.times = times;
            return this;
        }

        /** {@return matching frames are dropped} */
        public FrameRule suppress() {
            this.delay = null;
            return new FrameRule(this);
        }

        /** Matching frames are delayed (later frames on the same connection queue behind them). */
        public FrameRule delay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must be >= 0");
            }
            this.delay = delay;
            return new FrameRule(this);
        }
    }
}
