/**
 * Channels: the registry ({@link io.ably4j.internal.channel.ChannelRegistry}), the channel state machine, message
 * subscriptions and the connection-wide publish queue. All mutable state is confined to the client's serial executor;
 * user callbacks run on the callback executor.
 */
@NullMarked
package io.ably4j.internal.channel;

import org.jspecify.annotations.NullMarked;
