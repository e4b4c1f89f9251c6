package io.ably4j;

/**
 * The counts of a channel's realtime attachments and presence members. Spec: CHM1.
 *
 * @param connections realtime attachments to the channel (CHM2a)
 * @param presenceConnections attachments permitted to enter presence (CHM2b)
 * @param presenceMembers members of the presence set (CHM2c)
 * @param presenceSubscribers attachments receiving presence messages (CHM2d)
 * @param publishers attachments able to publish messages (CHM2e)
 * @param subscribers attachments receiving messages (CHM2f)
 * @param objectPublishers attachments able to publish object messages (CHM2g)
 * @param objectSubscribers attachments receiving object messages (CHM2h)
 */
public record ChannelMetrics(
        int connections,
        int presenceConnections,
        int presenceMembers,
        int presenceSubscribers,
        int publishers,
        int subscribers,
        int objectPublishers,
        int objectSubscribers) {}
