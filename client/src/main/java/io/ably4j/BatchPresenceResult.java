package io.ably4j;

import io.ably4j.types.ErrorInfo;
import io.ably4j.types.PresenceMessage;
import java.util.List;
import java.util.Objects;

/**
 * The presence of one channel in a batch presence query: a {@link Success} or a {@link Failure}. Spec: BGR1, BGF1. An
 * item of the {@link BatchResult} of {@link RestClient#batchPresence(List)}.
 */
public sealed interface BatchPresenceResult {
    /** {@return the channel's name} Spec: BGR2a, BGF2a. */
    String channel();

    /**
     * The channel's members. Spec: BGR1.
     *
     * @param channel the channel's name (BGR2a)
     * @param presence every member present on the channel (BGR2b); unmodifiable
     */
    record Success(String channel, List<PresenceMessage> presence) implements BatchPresenceResult {
        /**
         * Copies {@code presence}.
         *
         *
         * @param channel the channel's name
         * @param presence every member present on the channel
         */
        public Success {
            Objects.requireNonNull(channel, "channel");
            presence = List.copyOf(presence);
        }
    }

    /**
     * The channel's presence could not be read. Spec: BGF1.
     *
     * @param channel the channel's name (BGF2a)
     * @param error why (BGF2b)
     */
    record Failure(String channel, ErrorInfo error) implements BatchPresenceResult {
        /**
         * Checks that neither component is null.
         *
         *
         * @param channel the channel's name
         * @param error why the request failed for this channel
         */
        public Failure {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(error, "error");
        }
    }
}
