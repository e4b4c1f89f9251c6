package io.ably4j;

import java.util.Objects;

/**
 * A channel's identity and status, the answer to {@link RestChannel#status()}. Spec: CHD1.
 *
 * @param channelId the channel's identifier (CHD2a)
 * @param status its status and occupancy (CHD2b)
 */
public record ChannelDetails(String channelId, ChannelStatus status) {
    /**
     * Checks that neither component is null.
     *
     *
     * @param channelId the channel's identifier
     * @param status its status and occupancy
     */
    public ChannelDetails {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(status, "status");
    }
}
