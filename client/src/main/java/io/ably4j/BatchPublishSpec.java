package io.ably4j;

import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import java.util.List;

/**
 * Messages to publish to several channels in one request: every message of {@link #messages()} goes to every channel of
 * {@link #channels()}. Spec: BSP1. Used by {@link RestClient#batchPublish(BatchPublishSpec)}.
 *
 * @param channels the names of the channels (BSP2a); non-empty, unmodifiable
 * @param messages the messages (BSP2b); non-empty, unmodifiable
 */
public record BatchPublishSpec(List<String> channels, List<Message> messages) {
    /**
     * Copies the lists.
     *
     * @param channels the names of the channels (copied)
     * @param messages the messages to publish on each of them (copied)
     * @throws AblyException 40000 if either list is null or empty or holds null; 40010 for an empty channel name
     */
    public BatchPublishSpec {
        if (channels == null || channels.isEmpty() || channels.stream().anyMatch(c -> c == null)) {
            throw Errors.badArgument("A BatchPublishSpec needs a non-empty list of channel names without nulls");
        }
        if (channels.stream().anyMatch(String::isEmpty)) {
            throw new AblyException(ErrorInfo.of(Errors.INVALID_CHANNEL_NAME, 400, "Channel names must not be empty"));
        }
        if (messages == null || messages.isEmpty() || messages.stream().anyMatch(m -> m == null)) {
            throw Errors.badArgument("A BatchPublishSpec needs a non-empty list of messages without nulls");
        }
        channels = List.copyOf(channels);
        messages = List.copyOf(messages);
    }

    /**
     * A spec of one message to several channels.
     *
     * @param channels the names of the channels
     * @param message the message to publish on each of them
     * @return the spec
     */
    public static BatchPublishSpec of(List<String> channels, Message message) {
        if (message == null) {
            throw Errors.badArgument("message must not be null");
        }
        return new BatchPublishSpec(channels, List.of(message));
    }
}
