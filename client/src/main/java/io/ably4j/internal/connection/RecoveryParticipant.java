package io.ably4j.internal.connection;

import java.util.Map;

/**
 * The part of connection recovery (RTN16) that lives beside the connection: the channels' serials and the publish
 * queue's {@code msgSerial}. The channel registry implements it and registers with {@link
 * ConnectionManager#setRecoveryParticipant}.
 */
public interface RecoveryParticipant {
    /**
     * The {@code msgSerial} the next publish would carry (RTN16g). Called from any thread (by {@code
     * createRecoveryKey}), so the value must be safely published (volatile).
     */
    long msgSerial();

    /**
     * Name to {@code channelSerial} of every ATTACHED channel that has a channelSerial (RTN16g). Called from any thread;
     * a snapshot is enough.
     */
    Map<String, String> attachedChannelSerials();

    /**
     * Applies a recovery key before the first connection attempt (RTN16f, RTN16j): the publish queue continues from
     * {@code msgSerial}, and a channel is created for each entry of {@code channelSerials} (in INITIALIZED; the user
     * attaches it, RTN16i) with its channel serial set, so its ATTACH asks to continue from there. Called on
     * the serial executor.
     */
    void recover(long msgSerial, Map<String, String> channelSerials);
}
