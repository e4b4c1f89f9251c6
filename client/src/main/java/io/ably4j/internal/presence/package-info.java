/**
 * Realtime presence (RTP): the presence maps (RTP2, RTP17), the sync (RTP18, RTP19), publishing and re-entering
 * presence (RTP8-RTP17), hooked to the channels through the {@link io.ably4j.internal.channel.ChannelObserver} seam.
 */
@NullMarked
package io.ably4j.internal.presence;

import org.jspecify.annotations.NullMarked;
