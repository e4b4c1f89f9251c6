package io.ably4j.internal.channel;

import io.ably4j.ChannelState;
import io.ably4j.internal.delta.DeltaBase;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.ReceivedDefaults;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the server sends on one channel: ATTACHED (RTL4c, RTL12, RTL5k), DETACHED (RTL5, RTL13), channel ERROR (RTL14)
 * and MESSAGE (RTL7, RTL17, RTL21), with the channel serial kept per RTL15b; PRESENCE and SYNC go to the {@link
 * ChannelObserver}s. Decides what each message means in the channel's current state and drives the {@link
 * ChannelMachine} accordingly.
 *
 * <p>Threading: confined to the client's serial executor.
 */
final class ChannelInbound {
    private final ChannelMachine machine;
    /** Where received annotations go (RTAN4b); set once by the channel, before any message arrives. */
    private @Nullable Consumer<ProtocolMessage> annotations;

    private final DeltaBase deltas;

    ChannelInbound(ChannelMachine machine) {
        this.machine = machine;
        this.deltas = new DeltaBase(machine.manager().options().vcdiffDecoder());
    }

    void annotationSink(Consumer<ProtocolMessage> sink) {
        this.annotations = sink;
    }

    void onProtocolMessage(ProtocolMessage pm) {
        switch (pm.action()) {
            case ATTACHED -> onAttached(pm);
            case DETACHED -> onDetached(pm);
            case MESSAGE -> onMessage(pm);
            case ERROR -> onError(pm);
            case PRESENCE -> onPresence(pm);
            case SYNC -> onSync(pm);
            case ANNOTATION -> onAnnotation(pm);
            case OBJECT -> machine.updateChannelSerial(pm); // RTL15b
            default -> machine.manager().log().debug(() -> "Channel " + machine.name() + ": ignored " + pm.action());
        }
    }

    private void onAttached(ProtocolMessage pm) {
        boolean resumed = pm.hasFlag(Flag.RESUMED);
        boolean backlog = pm.hasFlag(Flag.HAS_BACKLOG);
        boolean presence = pm.hasFlag(Flag.HAS_PRESENCE); // RTP1
        String attachSerial = resumed ? machine.attachSerial() : pm.channelSerial(); // RTL15c
        machine.setAttachment(attachSerial, pm.params(), ChannelMode.fromFlags(pm.flags())); // RTL4k1, RTL4m
        machine.updateChannelSerial(pm); // RTL15b
        PendingRequests pending = machine.pending();
        ChannelState state = machine.state();
        switch (state) {
            case ATTACHING, SUSPENDED, INITIALIZED -> {
                machine.cancelRequestTimer();
                machine.resetRetry();
                machine.setErrorReason(pm.error()); // RTL4c: a successful attach clears errorReason
                machine.setState(ChannelState.ATTACHED, pm.error(), resumed, backlog, presence);
                pending.completeAttach();
                pending.runQueued();
            }
            case ATTACHED -> {
                if (pending.hasAttachWaiters()) { // RTL16a: the re-attach requested by setOptions
                    pending.completeAttach();
                }
                if (!resumed) { // RTL12
                    if (pm.error() != null) {
                        machine.setErrorReason(pm.error());
                    }
                    machine.emitUpdate(pm.error(), false, backlog, presence);
                }
            }
            case DETACHING, DETACHED -> { // RTL5k
                machine.sendDetach();
                if (state == ChannelState.DETACHED) {
                    machine.setStateBeforeDetach(ChannelState.DETACHED); // where RTL5f returns if this DETACH times out
                    machine.setState(ChannelState.DETACHING, null);
                }
            }
            case FAILED ->
                machine.manager().log().debug(() -> "Channel " + machine.name() + ": ATTACHED ignored while FAILED");
        }
    }

    private void onDetached(ProtocolMessage pm) {
        ErrorInfo error = pm.error();
        ChannelState state = machine.state();
        switch (state) {
            case DETACHING -> {
                machine.cancelRequestTimer();
                machine.setState(ChannelState.DETACHED, error);
                machine.pending().completeDetach();
                machine.pending().runQueued();
            }
            case ATTACHED, SUSPENDED -> { // RTL13a: re-attach at once
                ErrorInfo reason = error != null ? error : Errors.channelDetached("Channel detached by the server");
                machine.cancelRetry();
                machine.startAttach(reason);
            }
            case ATTACHING -> { // RTL13b
                ErrorInfo reason = error != null ? error : Errors.channelDetached("Channel detached by the server");
                machine.cancelRequestTimer();
                machine.toSuspendedAndRetry(reason);
            }
            default ->
                machine.manager()
                        .log()
                        .debug(() -> "Channel " + machine.name() + ": DETACHED ignored in state " + state);
        }
    }

    private void onError(ProtocolMessage pm) { // RTL14
        ErrorInfo error = pm.error() != null ? pm.error() : Errors.channelOperationFailed("Channel error");
        machine.toFailed(error);
    }

    private void onMessage(ProtocolMessage pm) {
        if (!isAttached(pm)) { // RTL17
            machine.updateChannelSerial(pm); // RTL15b
            return;
        }
        List<Message> received = ReceivedDefaults.messages(pm); // TM2a, TM2c, TM2f, TM2s, TM2u
        List<Message> decoded = new ArrayList<>(received.size());
        for (Message m : received) { // RTL21: in array order
            Message wire;
            try {
                wire = deltas.apply(m); // RTL19, RTL20
            } catch (DeltaBase.Failure f) { // the channel serial stays at the previous message (RTL18c)
                onDeltaFailure(f.error());
                return;
            }
            DecodeResult<Message> r =
                    DataEncoding.decode(wire, machine.options().cipher());
            ErrorInfo err = r.error();
            if (err != null) { // RSL6b
                machine.manager()
                        .log()
                        .error(
                                "Channel " + machine.name() + ": message " + m.id() + " could not be fully decoded: "
                                        + err.message() + " (code " + err.code() + ")",
                                null);
            }
            decoded.add(r.value());
        }
        machine.updateChannelSerial(pm); // RTL15b
        machine.subscriptions().deliver(decoded);
    }

    /**
     * A message that could not be delta-decoded: without a decoder the channel fails (PC3, 40019); otherwise the
     * message and the rest of its protocol message are discarded (RTL18b) and the channel re-attaches from the channel
     * serial of the previous protocol message (RTL18c, 40018), unchanged since this one was not applied. While
     * ATTACHING, later messages are dropped (RTL17), so one recovery runs at a time.
     */
    private void onDeltaFailure(ErrorInfo error) {
        machine.manager()
                .log()
                .error("Channel " + machine.name() + ": " + error.message() + " (code " + error.code() + ")", null);
        if (error.code() == Errors.VCDIFF_DECODER_MISSING) {
            machine.toFailed(error);
            return;
        }
        machine.cancelRetry();
        machine.startAttach(error); // RTL18a (logged above), RTL18c
    }

    private void onPresence(ProtocolMessage pm) {
        machine.updateChannelSerial(pm); // RTL15b
        if (isAttached(pm)) {
            machine.observers().presence(pm);
        }
    }

    private void onSync(ProtocolMessage pm) { // its channelSerial is the sync cursor (RTP18a), not RTL15b's
        if (isAttached(pm)) {
            machine.observers().sync(pm);
        }
    }

    private void onAnnotation(ProtocolMessage pm) {
        machine.updateChannelSerial(pm); // RTL15b
        Consumer<ProtocolMessage> sink = annotations;
        if (isAttached(pm) && sink != null) { // RTL17
            sink.accept(pm);
        }
    }

    /** True if the channel is ATTACHED; otherwise logs that {@code pm} is dropped (RTL17). */
    private boolean isAttached(ProtocolMessage pm) {
        ChannelState state = machine.state();
        if (state == ChannelState.ATTACHED) {
            return true;
        }
        machine.manager()
                .log()
                .debug(() ->
                        "Channel " + machine.name() + ": " + pm.action() + " dropped in state " + state + " (RTL17)");
        return false;
    }
}
