package io.ably4j.internal.presence;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.connection.FrameLimits;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the presence messages of one channel (RTP8-RTP10, RTP14-RTP16): checks the clientId rules (RTP8j,
 * RTP15f), sends a message to the connection's publish queue when the channel is ATTACHED and the connection
 * CONNECTED (RTP16a), queues it on the channel while the channel is INITIALIZED or ATTACHING or the connection is
 * reconnecting (RTP16b, RTL3d2) and sends the queue on the next ATTACHED (RTP5b), fails the queue when the channel
 * becomes DETACHED, SUSPENDED or FAILED (RTL11), and re-enters this connection's members (RTP17g, RTP17e).
 *
 * <p>Threading: confined to the client's serial executor; futures complete on the callback executor.
 */
final class PresenceSender {
    /** The default maximum message size (TO3l8), until the server sends one (CD2c). */
    private static final int DEFAULT_MAX_MESSAGE_SIZE = 65536;

    private final PresenceHost host;
    private final ArrayDeque<Queued> queued = new ArrayDeque<>();

    PresenceSender(PresenceHost host) {
        this.host = host;
    }

    /** A presence operation waiting for the channel to attach. */
    private record Queued(PresenceMessage message, CompletableFuture<Void> result) {}

    /**
     * Publishes one presence message (not yet encoded) for a user call: {@code explicitClientId} is false for enter,
     * update and leave, whose message carries no clientId (RTP8c), and true for the {@code *Client} forms.
     */
    void submit(PresenceMessage message, boolean explicitClientId, CompletableFuture<Void> result) {
        assert host.manager().onExecutor() : "submit off the serial executor";
        ErrorInfo refused = checkClientId(message, explicitClientId);
        if (refused == null) {
            refused = checkSize(message);
        }
        if (refused != null) {
            fail(result, refused);
            return;
        }
        ChannelState state = host.state();
        ConnectionManager manager = host.manager();
        switch (state) {
            case ATTACHED -> {
                if (manager.state() == ConnectionState.CONNECTED
                        || !manager.options().queueMessages()) {
                    send(message, result); // RTP16a: as RTL6c1, or refused by RTL6c4
                } else {
                    queued.add(new Queued(message, result)); // RTL3d2: sent after the re-attach
                }
            }
            case INITIALIZED, ATTACHING -> {
                if (!manager.options().queueMessages()) {
                    fail(
                            result,
                            Errors.forChannelState(state, host.name(), "publish presence (queueMessages is false)"));
                    return;
                }
                queued.add(new Queued(message, result)); // RTP16b
                if (state == ChannelState.INITIALIZED) {
                    attachImplicitly(); // RTP8d, RTP15e
                }
            }
            default -> { // RTP8g, RTP16c: DETACHING, DETACHED, SUSPENDED, FAILED
                ErrorInfo error = Errors.forChannelState(state, host.name(), "publish presence");
                ErrorInfo reason = host.errorReason();
                fail(
                        result,
                        reason == null ? error : error.toBuilder().cause(reason).build());
            }
        }
    }

    /** RTP5b: the channel is ATTACHED; the queued operations are sent, in call order. */
    void onAttached() {
        assert host.manager().onExecutor() : "onAttached off the serial executor";
        List<Queued> ready = new ArrayList<>(queued);
        queued.clear();
        for (Queued q : ready) {
            send(q.message(), q.result());
        }
    }

    /** RTL11: the channel became DETACHED, SUSPENDED, FAILED (or INITIALIZED, on a reset); queued operations fail. */
    void failQueued(ChannelState state, @Nullable ErrorInfo reason) {
        assert host.manager().onExecutor() : "failQueued off the serial executor";
        if (queued.isEmpty()) {
            return;
        }
        ErrorInfo error = Errors.forChannelState(state, host.name(), "publish presence");
        ErrorInfo withCause =
                reason == null ? error : error.toBuilder().cause(reason).build();
        List<Queued> failed = new ArrayList<>(queued);
        queued.clear();
        failed.forEach(q -> fail(q.result(), withCause));
    }

    /**
     * RTP17g: re-enters each of {@code members} (this connection's, RTP17) with an ENTER carrying its clientId and
     * data, and its id only if it was entered on the current connection (RTP17g1). A failure is reported as a channel
     * UPDATE with 91004 and logged (RTP17e).
     */
    void reenter(List<PresenceMessage> members) {
        assert host.manager().onExecutor() : "reenter off the serial executor";
        String connectionId = host.manager().id();
        for (PresenceMessage member : members) {
            String clientId = member.clientId();
            PresenceMessage.Builder b = PresenceMessage.builder(PresenceAction.ENTER)
                    .clientId(clientId)
                    .data(member.data())
                    .extras(member.extras())
                    .encoding(member.encoding());
            if (connectionId != null && connectionId.equals(member.connectionId())) {
                b.id(member.id()); // RTP17g1
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            CompletableFuture<?> unused = done.whenComplete((v, error) -> {
                if (error != null) {
                    host.manager().executor().execute(() -> reentryFailed(clientId, error));
                }
            });
            send(b.build(), done);
        }
    }

    private void reentryFailed(@Nullable String clientId, Throwable error) {
        Throwable t = Errors.unwrap(error);
        ErrorInfo cause = t instanceof AblyException e ? e.errorInfo() : Errors.internalError(String.valueOf(t));
        ErrorInfo reason = ErrorInfo.of(
                        Errors.PRESENCE_REENTER_FAILED,
                        400,
                        "Automatic re-enter of presence channel " + host.name() + " failed for clientId '" + clientId
                                + "': " + cause.message())
                .toBuilder()
                .cause(cause)
                .build();
        host.manager().log().warn(reason.message() + " (code " + cause.code() + ")");
        host.emitUpdate(reason); // RTP17e
    }

    /** Encodes {@code message} (RTP8e) and hands it to the connection's publish queue. */
    private void send(PresenceMessage message, CompletableFuture<Void> result) {
        ConnectionManager manager = host.manager();
        WireFormat format = manager.options().useBinaryProtocol() ? WireFormat.MSGPACK : WireFormat.JSON;
        PresenceMessage encoded;
        try {
            encoded = DataEncoding.encode(message, host.options().cipher(), format);
        } catch (AblyException e) {
            fail(result, e.errorInfo());
            return;
        }
        ProtocolMessage pm = ProtocolMessage.builder(Action.PRESENCE)
                .channel(host.name())
                .presence(List.of(encoded))
                .build();
        // Settled by the publish queue on the serial executor and passed on to result from there.
        Executor callbacks = manager.callbacks();
        host.publish(pm, ClientFuture.<PublishResult>relay(callbacks, (r, error) -> {
            if (error != null) {
                ClientFuture.fail(callbacks, result, error);
            } else {
                ClientFuture.settle(callbacks, result, null);
            }
        }));
    }

    /** RTP8d, RTP15e: attaches an INITIALIZED channel; if the attach is refused at once, the queue fails with it. */
    private void attachImplicitly() {
        CompletableFuture<Void> attached = new CompletableFuture<>();
        CompletableFuture<?> unused = attached.whenComplete((v, error) -> {
            if (error != null) {
                host.manager().executor().execute(() -> {
                    ChannelState state = host.state();
                    if (state == ChannelState.INITIALIZED) { // RTL4b: refused without a state change
                        Throwable t = Errors.unwrap(error);
                        failQueued(state, t instanceof AblyException e ? e.errorInfo() : null);
                    }
                });
            }
        });
        host.attach(attached);
    }

    /** RTP8j, RTP15f: the clientId rules; null if {@code message} may be sent. */
    private @Nullable ErrorInfo checkClientId(PresenceMessage message, boolean explicitClientId) {
        ConnectionManager manager = host.manager();
        String mine = identifiedClientId(manager);
        if (!explicitClientId) {
            if (manager.state() == ConnectionState.CONNECTED && (mine == null || "*".equals(mine))) { // RTP8j
                return ErrorInfo.of(
                        Errors.PRESENCE_NO_CLIENT_ID,
                        400,
                        "Cannot enter presence on channel " + host.name() + " without a clientId"
                                + (mine == null ? "" : " (the wildcard clientId '*' needs enterClient)"));
            }
            return null;
        }
        String theirs = message.clientId();
        if (mine != null && !"*".equals(mine) && !mine.equals(theirs)) { // RTP15f
            return ErrorInfo.of(
                    Errors.INVALID_CLIENT_ID,
                    400,
                    "clientId '" + theirs + "' does not match the client's clientId '" + mine + "'");
        }
        return null;
    }

    /** TM6, RSL1i: 40009 if the message exceeds the maximum message size. */
    private @Nullable ErrorInfo checkSize(PresenceMessage message) {
        long size;
        try {
            size = DataEncoding.size(message);
        } catch (AblyException e) {
            return e.errorInfo();
        }
        ConnectionDetails d = host.manager().connectionDetails();
        Integer max = d == null ? null : d.maxMessageSize();
        int limit = max != null && max > 0 ? max : DEFAULT_MAX_MESSAGE_SIZE;
        if (size > limit) {
            return ErrorInfo.of(
                    Errors.MAX_MESSAGE_SIZE_EXCEEDED,
                    400,
                    "Presence message size " + size + " bytes exceeds the maximum message size of " + limit + " bytes");
        }
        return FrameLimits.checkPublish(host.manager(), host.name(), size);
    }

    /** The clientId Ably knows this client by: the connection's, else the option's (RSA7, RTC4a). */
    static @Nullable String identifiedClientId(ConnectionManager manager) {
        ConnectionDetails d = manager.connectionDetails();
        if (d != null && d.clientId() != null) {
            return d.clientId();
        }
        return manager.options().clientId();
    }

    private void fail(CompletableFuture<Void> result, ErrorInfo error) {
        ClientFuture.fail(host.manager().callbacks(), result, new AblyException(error));
    }
}
