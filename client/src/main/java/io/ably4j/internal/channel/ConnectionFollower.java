package io.ably4j.internal.channel;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.ErrorInfo;
import org.jspecify.annotations.Nullable;

/**
 * How one channel follows the connection (RTL3): re-attaching on CONNECTED (RTL3d), suspending, detaching or failing
 * with it (RTL3c, RTL3b, RTL3a), and starting over when the connection does (RTN11b, RTN11d). Drives the {@link
 * ChannelMachine}.
 *
 * <p>Threading: confined to the client's serial executor; called by the {@link ChannelRegistry} from its {@link
 * io.ably4j.internal.connection.ConnectionObserver} callbacks.
 */
final class ConnectionFollower {
    private final ChannelMachine machine;

    ConnectionFollower(ChannelMachine machine) {
        this.machine = machine;
    }

    void onConnectionStateChange(ConnectionStateChange change) {
        if (change.event() == ConnectionEvent.UPDATE) {
            return;
        }
        ConnectionState cs = change.current();
        if (cs != ConnectionState.CONNECTED) {
            machine.cancelRetry(); // RTL13c
        }
        ChannelState state = machine.state();
        PendingRequests pending = machine.pending();
        switch (cs) {
            case CONNECTED -> { // RTL3d, RTN19b
                switch (state) {
                    case ATTACHING, ATTACHED, SUSPENDED -> {
                        machine.cancelRequestTimer();
                        if (state != ChannelState.ATTACHING) {
                            machine.setState(ChannelState.ATTACHING, null);
                        }
                        machine.sendAttach();
                    }
                    case DETACHING -> machine.sendDetach();
                    default -> {}
                }
            }
            case SUSPENDED -> { // RTL3c
                if (state == ChannelState.ATTACHING || state == ChannelState.ATTACHED) {
                    machine.cancelRequestTimer();
                    machine.setState(ChannelState.SUSPENDED, change.reason());
                    pending.failAttach(explain(cs, change.reason(), "attach channel " + machine.name()));
                    pending.runQueued(); // RTL5i: a detach queued behind the attach now applies (RTL5j)
                }
            }
            case CLOSED -> { // RTL3b
                if (state == ChannelState.ATTACHING
                        || state == ChannelState.ATTACHED
                        || state == ChannelState.DETACHING) {
                    machine.cancelRequestTimer();
                    machine.setState(ChannelState.DETACHED, change.reason());
                    pending.failAttach(explain(cs, change.reason(), "attach channel " + machine.name()));
                    pending.completeDetach();
                    pending.runQueued();
                }
            }
            case FAILED -> { // RTL3a
                if (state == ChannelState.ATTACHING
                        || state == ChannelState.ATTACHED
                        || state == ChannelState.DETACHING) {
                    machine.toFailed(explain(cs, change.reason(), "use channel " + machine.name()));
                }
            }
            default -> {} // RTL3e: DISCONNECTED, CONNECTING, CLOSING leave channels unchanged
        }
    }

    /** RTN11b/RTN11d: the connection starts over; the channel goes (DETACHED then) INITIALIZED, errorReason cleared. */
    void onConnectionReset(boolean fromClosing) {
        machine.cancelRequestTimer();
        machine.cancelRetry();
        ChannelState state = machine.state();
        if (fromClosing && (state == ChannelState.ATTACHING || state == ChannelState.ATTACHED)) {
            machine.setState(ChannelState.DETACHED, null);
        }
        PendingRequests pending = machine.pending();
        pending.failAttach(Errors.connectionClosed(
                "Attach of channel " + machine.name() + " abandoned: the connection was reset"));
        pending.completeDetach();
        machine.clearForReset();
        machine.setState(ChannelState.INITIALIZED, null);
        pending.runQueued(); // RTL4h, RTL5i: requests queued behind the pending one run now (none is dropped)
    }

    /**
     * The error that the connection's move to {@code cs} gives the channel's pending requests: the change's own reason
     * when it has one, otherwise the one {@link Errors#forConnectionState} gives the state (never a status derived from
     * the code).
     */
    static ErrorInfo explain(ConnectionState cs, @Nullable ErrorInfo reason, String operation) {
        return reason != null ? reason : Errors.forConnectionState(cs, null, operation);
    }
}
