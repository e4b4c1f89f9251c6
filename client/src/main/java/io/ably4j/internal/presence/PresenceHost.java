package io.ably4j.internal.presence;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.PublishResult;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * What presence needs from its channel, implemented by the channel package: the channel's state and options, an
 * attach, the connection-wide publish queue, and channel UPDATE events. Every method except the getters must be called
 * on the client's serial executor; the getters read volatile state and may be called from any thread.
 */
public interface PresenceHost {
    String name();

    ChannelState state();

    @Nullable
    ErrorInfo errorReason();

    ChannelOptions options();

    ConnectionManager manager();

    /** Attaches the channel as {@link io.ably4j.RealtimeChannel#attach()} does (RTL4), completing {@code result}. */
    void attach(CompletableFuture<Void> result);

    /**
     * Hands {@code message} (a PRESENCE without msgSerial) to the connection's publish queue (RTL6c1, RTL6c2): sent
     * now, queued for the connection, or failed according to the connection state; completed on ACK or NACK.
     */
    void publish(ProtocolMessage message, CompletableFuture<PublishResult> result);

    /** Emits a channel {@link io.ably4j.ChannelEvent#UPDATE} with {@code resumed} true and {@code reason} (RTP17e). */
    void emitUpdate(ErrorInfo reason);
}
