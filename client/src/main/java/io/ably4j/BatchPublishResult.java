package io.ably4j;

import io.ably4j.types.ErrorInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a batch publish for one channel: a {@link Success} or a {@link Failure}. Spec: BPR1, BPF1. An item of
 * the {@link BatchResult} of {@link RestClient#batchPublish(BatchPublishSpec)}.
 */
public sealed interface BatchPublishResult {
    /** {@return the channel's name} Spec: BPR2a, BPF2a. */
    String channel();

    /**
     * The messages were published to the channel. Spec: BPR1.
     *
     * @param channel the channel's name (BPR2a)
     * @param messageId the prefix of the ids of the published messages (BPR2b)
     * @param serials the serials of the published messages, one per message, in order; null for a message discarded
     *     by conflation (BPR2c). Unmodifiable
     */
    record Success(String channel, String messageId, List<@Nullable String> serials) implements BatchPublishResult {
        /**
         * Copies {@code serials}.
         *
         *
         * @param channel the channel's name
         * @param messageId the prefix of the ids of the published messages
         * @param serials the serials of the published messages, one per message, in order; null for a discarded message
         */
        public Success {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(messageId, "messageId");
            serials = Collections.unmodifiableList(new ArrayList<>(serials));
        }
    }

    /**
     * The messages were not published to the channel. Spec: BPF1.
     *
     * @param channel the channel's name (BPF2a)
     * @param error why (BPF2b)
     */
    record Failure(String channel, ErrorInfo error) implements BatchPublishResult {
        /**
         * Checks that neither component is null.
         *
         *
         * @param channel the channel's name
         * @param error why the publish failed on this channel
         */
        public Failure {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(error, "error");
        }
    }
}
