package io.ably4j;

import io.ably4j.types.ErrorInfo;
import org.jspecify.annotations.Nullable;

/**
 * One change of a {@link RealtimeChannel}'s state, or an {@link ChannelEvent#UPDATE}. Spec: TH1-TH6, RTL2d.
 *
 * @param previous the state before the change (equal to {@code current} for {@link ChannelEvent#UPDATE}) (TH2)
 * @param current the state after the change (TH1)
 * @param event the event emitted: {@code current.event()}, or {@link ChannelEvent#UPDATE} (TH5)
 * @param reason the error that caused the change, if any (TH3, RTL2d)
 * @param resumed true if the ATTACHED that caused the change carried the RESUMED flag: no messages were lost (TH4,
 *     RTL2f)
 * @param hasBacklog true if the ATTACHED that caused the change carried the HAS_BACKLOG flag (TH6, RTL2i)
 */
public record ChannelStateChange(
        ChannelState previous,
        ChannelState current,
        ChannelEvent event,
        @Nullable ErrorInfo reason,
        boolean resumed,
        boolean hasBacklog) {}
