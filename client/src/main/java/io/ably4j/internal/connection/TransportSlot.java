package io.ably4j.internal.connection;

import io.ably4j.internal.util.Log;
import io.ably4j.types.ProtocolMessage;
import org.jspecify.annotations.Nullable;

/**
 * The connection's current transport: the one whose events count (RTN11b) and on which messages are sent. Confined to
 * the serial executor.
 */
final class TransportSlot {
    private final Log log;
    private @Nullable ActiveTransport current;

    TransportSlot(Log log) {
        this.log = log;
    }

    @Nullable
    ActiveTransport current() {
        return current;
    }

    boolean isCurrent(ActiveTransport t) {
        return current == t;
    }

    /** {@code t} becomes current; the previous transport is closed. */
    void install(ActiveTransport t) {
        abandon();
        current = t;
    }

    /** Closes {@code t} if it is current. */
    void drop(ActiveTransport t) {
        if (current == t) {
            abandon();
        }
    }

    /** Closes the current transport, if any; its later events are ignored. */
    void abandon() {
        ActiveTransport t = current;
        current = null;
        if (t != null) {
            t.closeQuietly();
        }
    }

    /** Sends on the current transport if it is open; false, sending nothing, otherwise. */
    boolean send(ProtocolMessage message) {
        ActiveTransport t = current;
        if (t == null || !t.open) {
            log.debug(() -> "Not sent (no open transport): " + message.action());
            return false;
        }
        log.verbose(() -> "Sending " + message.action());
        t.transport().send(message);
        return true;
    }
}
