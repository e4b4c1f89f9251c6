package io.ably4j.internal.connection;

import io.ably4j.ConnectionState;
import io.ably4j.internal.util.Log;
import io.ably4j.types.ErrorInfo;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Connection recovery (RTN16): the key from the {@code recover} option, applied before the first connection attempt
 * and sent until the first CONNECTED, and {@code createRecoveryKey}. Confined to the serial executor except {@link
 * #createKey}, which reads volatile state from any thread.
 */
final class Recovery {
    private final Log log;
    private volatile @Nullable RecoveryParticipant participant;
    private @Nullable RecoveryKey pending;
    private boolean applied;
    private boolean inFlight;

    Recovery(@Nullable String recoverOption, Log log) {
        this.log = log;
        if (recoverOption != null) {
            pending = RecoveryKey.decode(recoverOption);
            if (pending == null) { // RTN16f1
                log.error(
                        "The recover option is not a valid recovery key; connecting without recovery (RTN16f1)", null);
            }
        }
    }

    void setParticipant(RecoveryParticipant p) {
        participant = p;
    }

    @Nullable
    RecoveryParticipant participant() {
        return participant;
    }

    /**
     * A connection attempt starts; {@code connectionKey} is the key to resume, if any. Returns the connection key to
     * send as {@code recover} (RTN16k), or null. The first time, the channels and msgSerial are restored (RTN16f,
     * RTN16j).
     */
    @Nullable
    String beforeAttempt(@Nullable String connectionKey) {
        RecoveryKey r = pending;
        inFlight = r != null && connectionKey == null;
        if (r == null || !inFlight) {
            return null;
        }
        RecoveryParticipant p = participant;
        if (!applied && p != null) {
            applied = true;
            p.recover(r.msgSerial(), r.channelSerials());
        }
        return r.connectionKey();
    }

    /**
     * CONNECTED arrived. Returns whether it continues the recovered connection: it does unless CONNECTED carries an
     * error (RTN16l, as for a resume: RTN15c6, RTN15c7). Recovery is never attempted again (RTN16k).
     */
    boolean onConnected(@Nullable ErrorInfo error) {
        boolean recovered = inFlight && error == null;
        if (inFlight) {
            log.info(error == null ? "Connection recovered (RTN16)" : "Connection recovery failed: " + error);
        }
        pending = null;
        inFlight = false;
        return recovered;
    }

    /** Connection data is cleared (RTN11d): a later connect starts afresh, without recovery. */
    void reset() {
        pending = null;
        inFlight = false;
    }

    /** RTN16g, RTN16g2. */
    @Nullable
    String createKey(ConnectionState state, @Nullable String connectionKey) {
        if (connectionKey == null
                || state == ConnectionState.CLOSING
                || state == ConnectionState.CLOSED
                || state == ConnectionState.FAILED
                || state == ConnectionState.SUSPENDED) {
            return null;
        }
        RecoveryParticipant p = participant;
        return new RecoveryKey(
                        connectionKey, p == null ? 0 : p.msgSerial(), p == null ? Map.of() : p.attachedChannelSerials())
                .encode();
    }
}
