package io.ably4j;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a channel's serials. Spec: CP1, CP2.
 *
 * @param attachSerial the {@code channelSerial} of the latest non-resumed ATTACHED: where the current attachment
 *     started (CP2a, RTL15c); null until then
 * @param channelSerial the latest {@code channelSerial} received on the channel (CP2b, RTL15b); null if none, and
 *     cleared on DETACHED and FAILED (RTL15b2)
 */
public record ChannelProperties(
        @Nullable String attachSerial, @Nullable String channelSerial) {}
