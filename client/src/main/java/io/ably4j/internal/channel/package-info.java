/**
 * Channels: the registry ({@link io.ably4j.internal.channel.ChannelRegistry}), and for each channel its public facade
 * ({@code ChannelImpl}), its state and transitions ({@code ChannelMachine}), the interpretation of what the server sends
 * on it ({@code ChannelInbound}), how it follows the connection ({@code ConnectionFollower}), its pending requests
 * ({@code PendingRequests}) and message subscriptions; the connection-wide publish queue; and the {@link
 * io.ably4j.internal.channel.ChannelObserver} seam through which presence follows the channels. All mutable state is
 * confined to the client's serial executor; user callbacks run on the callback executor.
 */
@NullMarked
package io.ably4j.internal.channel;

import org.jspecify.annotations.NullMarked;
