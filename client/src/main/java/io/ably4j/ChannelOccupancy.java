package io.ably4j;

import java.util.Objects;

/**
 * A channel's occupancy. Spec: CHO1.
 *
 * @param metrics the counts of the channel's attachments and members (CHO2a)
 */
public record ChannelOccupancy(ChannelMetrics metrics) {
    /**
     * Checks that {@code metrics} is not null.
     *
     *
     * @param metrics the counts of the channel's attachments and members
     */
    public ChannelOccupancy {
        Objects.requireNonNull(metrics, "metrics");
    }
}
