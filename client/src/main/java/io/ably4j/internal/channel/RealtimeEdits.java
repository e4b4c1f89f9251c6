package io.ably4j.internal.channel;

import io.ably4j.AblyFuture;
import io.ably4j.ChannelState;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.connection.FrameLimits;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.rest.MessageEdits;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.MessageOperation;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import io.ably4j.types.UpdateDeleteResult;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A realtime channel's updates, deletes and appends (RTL32): one MESSAGE protocol message holding the edited message,
 * sent through the connection's {@link PublishQueue} like a publish (queued, resent and failed by the same rules, never
 * attaching the channel), completed with the version serial of the ACK (RTL32d) or the NACK's error.
 */
final class RealtimeEdits {
    private final ChannelMachine machine;
    private final ConnectionManager manager;
    private final PublishQueue queue;

    RealtimeEdits(ChannelMachine machine, ConnectionManager manager, PublishQueue queue) {
        this.machine = machine;
        this.manager = manager;
        this.queue = queue;
    }

    /**
     * Sends {@code message} with {@code action} (RTL32b1), {@code operation} as its version (RTL32b2) and {@code params}
     * in the protocol message (RTL32e). A message without a serial fails the future at once with 40003 (RTL32a). Any
     * thread; the work runs on the serial executor.
     */
    AblyFuture<UpdateDeleteResult> send(
            Message message,
            MessageAction action,
            @Nullable MessageOperation operation,
            @Nullable Map<String, String> params) {
        Map<String, String> query = MessageEdits.params(params);
        String serial = message.serial();
        if (serial == null || serial.isEmpty()) {
            return ClientFuture.failed(
                    manager.callbacks(), MessageEdits.missingSerial(MessageEdits.operationName(action)));
        }
        Message wire = MessageEdits.edited(message, action, operation); // RTL32c: a new message
        ClientFuture<UpdateDeleteResult> f = ClientFuture.create(manager.callbacks());
        manager.executor().executeOrRun(() -> sendNow(wire, query, f));
        return f;
    }

    private void sendNow(Message message, Map<String, String> params, ClientFuture<UpdateDeleteResult> f) {
        ErrorInfo error = check(message);
        if (error != null) {
            ClientFuture.fail(manager.callbacks(), f, new AblyException(error));
            return;
        }
        WireFormat format = manager.options().useBinaryProtocol() ? WireFormat.MSGPACK : WireFormat.JSON;
        Message encoded;
        try {
            encoded = DataEncoding.encode(message, machine.options().cipher(), format); // RSL4, RSL5
        } catch (AblyException e) {
            ClientFuture.fail(manager.callbacks(), f, e);
            return;
        }
        ProtocolMessage pm = ProtocolMessage.builder(Action.MESSAGE)
                .channel(machine.name())
                .messages(List.of(encoded))
                .params(params) // RTL32e
                .build();
        ClientFuture<PublishResult> ack = ClientFuture.relay(manager.callbacks(), (result, failure) -> {
            if (failure != null) {
                ClientFuture.fail(manager.callbacks(), f, failure);
            } else {
                ClientFuture.settle(manager.callbacks(), f, versionOf(result));
            }
        });
        queue.submit(pm, ack);
    }

    /** RTL32d: the first serial of the ACK's {@code res} entry; null when there is none (superseded, UDR2a). */
    static UpdateDeleteResult versionOf(@Nullable PublishResult result) {
        List<@Nullable String> serials = result == null ? List.of() : result.serials();
        return UpdateDeleteResult.of(serials.isEmpty() ? null : serials.get(0));
    }

    /** The reason the edit must fail before anything is sent, or null: channel state (RTL6c4), size (RSL1i), data. */
    private @Nullable ErrorInfo check(Message message) {
        if (machine.released()) { // RTS4a: inert
            return machine.releasedError(MessageEdits.operationName(actionOf(message)));
        }
        ChannelState st = machine.state();
        if (st == ChannelState.SUSPENDED || st == ChannelState.FAILED) {
            return Errors.forChannelState(st, machine.name(), MessageEdits.operationName(actionOf(message))).toBuilder()
                    .cause(machine.errorReason())
                    .build();
        }
        long size;
        try {
            size = DataEncoding.size(message); // TM6; 40013 for unsupported data
        } catch (AblyException e) {
            return e.errorInfo();
        }
        ConnectionDetails d = manager.connectionDetails();
        Integer configured = d == null ? null : d.maxMessageSize();
        int max = configured != null && configured > 0 ? configured : ChannelImpl.DEFAULT_MAX_MESSAGE_SIZE;
        if (size > max) {
            return ErrorInfo.of(
                    Errors.MAX_MESSAGE_SIZE_EXCEEDED,
                    400,
                    "Message size " + size + " bytes exceeds the maximum message size of " + max + " bytes");
        }
        return FrameLimits.checkPublish(manager, machine.name(), size);
    }

    private static MessageAction actionOf(Message message) {
        MessageAction a = message.action();
        return a == null ? MessageAction.MESSAGE_UPDATE : a;
    }
}
