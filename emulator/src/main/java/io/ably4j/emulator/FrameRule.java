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
        /** Frames the emulator sends to clients. */
        TO_CLIENT,
        /** Frames clients send to the emulator. */
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

    /**
     * Starts a rule on frames sent by the emulator to clients.
     *
     * @return a new builder for frames sent to clients
     */
    public static Builder toClient() {
        return new Builder(Direction.TO_CLIENT);
    }

    /**
     * Starts a rule on frames received by the emulator from clients.
     *
     * @return a new builder for frames received from clients
     */
    public static Builder toServer() {
        return new Builder(Direction.TO_SERVER);
    }

    /** {@return the direction of the frames the rule matches} */
    public Direction direction() {
        return direction;
    }

    /** {@return the matched action number, null for any} */
    public @Nullable Integer action() {
        return action;
    }

    /** {@return the matched channel name, null for any} */
    public @Nullable String channel() {
        return channel;
    }

    /** {@return the matched connection id, null for any} */
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

    /**
     * Whether this rule matches a frame.
     *
     * @param dir the frame's direction
     * @param frameAction the frame's protocol message action
     * @param frameChannel the frame's channel, or null
     * @param frameConnectionId the connection the frame travels on, or null
     * @return whether the rule applies to the frame
     */
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
         * @param action the only action number to match (see the protocol's action table, e.g. 1 = ACK)
         * @return this builder
         */
        public Builder action(int action) {
            this.action = action;
            return this;
        }

        /**
         * Matches only frames for this channel.
         *
         * @param channel the only channel to match
         * @return this builder
         */
        public Builder channel(String channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Matches only frames of this connection.
         *
         * @param connectionId the only connection to match
         * @return this builder
         */
        public Builder connectionId(String connectionId) {
            this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
            return this;
        }

        /**
         * Removes the rule after {@code times} firings (0 = never).
         *
         * @param times the number of firings after which the rule is removed (0 = never)
         * @return this builder
         */
        public Builder times(int times) {
            if (times < 0) {
                throw new IllegalArgumentException("times must be >= 0");
            }
            this.times = times;
            return this;
        }

        /**
         * Matching frames are dropped.
         *
         * @return the rule
         */
        public FrameRule suppress() {
            this.delay = null;
            return new FrameRule(this);
        }

        /**
         * Matching frames are delayed (later frames on the same connection queue behind them).
         *
         * @param delay how long to hold each matching frame; zero or more
         * @return the rule
         */
        public FrameRule delay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must be >= 0");
            }
            this.delay = delay;
            return new FrameRule(this);
        }
    }
}
