package io.ably4j.internal.channel;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.presence.PresenceHost;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.PublishResult;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** A channel as its presence sees it (see {@link PresenceHost}): the {@link ChannelMachine} and the publish queue. */
final class ChannelPresenceHost implements PresenceHost {
    private final ChannelMachine machine;
    private final PublishQueue queue;

    ChannelPresenceHost(ChannelMachine machine, PublishQueue queue) {
        this.machine = machine;
        this.queue = queue;
    }

    @Override
    public String name() {
        return machine.name();
    }

    @Override
    public ChannelState state() {
        return machine.state();
    }

    @Override
    public @Nullable ErrorInfo errorReason() {
        return machine.errorReason();
    }

    @Override
    public ChannelOptions options() {
        return machine.options();
    }

    @Override
    public ConnectionManager manager() {
        return machine.manager();
    }

    @Override
    public void attach(CompletableFuture<Void> result) {
        machine.attach(result);
    }

    @Override
    public void publish(ProtocolMessage message, CompletableFuture<PublishResult> result) {
        if (machine.released()) { // RTS4a: a released channel sends nothing
            ClientFuture.fail(
                    machine.manager().callbacks(),
                    result,
                    new AblyException(machine.releasedError("publish presence")));
            return;
        }
        queue.submit(message, result);
    }

    @Override
    public void emitUpdate(ErrorInfo reason) {
        machine.emitUpdate(reason, true, false, false); // RTP17e: resumed true
    }
}
