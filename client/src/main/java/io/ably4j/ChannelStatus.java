package io.ably4j;

import java.util.Objects;

/**
 * Whether a channel is active, and its occupancy. Spec: CHS1.
 *
 * @param isActive whether the channel is active (CHS2a)
 * @param occupancy its occupancy metrics (CHS2b)
 */
public record ChannelStatus(boolean isActive, ChannelOccupancy occupancy) {
    /**
     * Checks that {@code occupancy} is not null.
     *
     *
     * @param isActive whether the channel is active
     * @param occupancy its occupancy metrics
     */
    public ChannelStatus {
        Objects.requireNonNull(occupancy, "occupancy");
    }
}
