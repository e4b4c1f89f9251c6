package io.ably4j.internal.channel;

import io.ably4j.ConnectionState;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.PublishResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The connection-wide queue of published protocol messages (RTL6c, RTN7, RTN19a): messages waiting for the connection
 * (RTL6c2) and messages sent and awaiting ACK or NACK, keyed by {@code msgSerial}. Confined to the serial executor,
 * except {@link #nextMsgSerial()}, which may be called from any thread; futures are completed on the callback executor.
 */
final class PublishQueue {
    private static final PublishResult NO_SERIALS = PublishResult.of(List.of());

    private final ConnectionManager manager;
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    /**
     * Messages sent and awaiting ACK or NACK, in increasing {@code msgSerial} order (serials are handed out in sending
     * order), so that an ACK or NACK takes from the head.
     */
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    /**
     * The serial the next message sent will carry. Written only on the serial executor (so a read-then-write there is
     * not a race); volatile so that {@link #nextMsgSerial()} reads a current value from any thread (RTN16g).
     */
    private volatile long msgSerial;

    PublishQueue(ConnectionManager manager) {
        this.manager = manager;
    }

    /** One publish call: a protocol message (without msgSerial) and its future. */
    static final class Pending {
        final ProtocolMessage message;
        final CompletableFuture<PublishResult> future;
        /** The msgSerial it was sent with; set when sent. */
        long serial;

        Pending(ProtocolMessage message, CompletableFuture<PublishResult> future) {
            this.message = message;
            this.future = future;
        }
    }

    /**
     * Sends, queues or rejects a publish according to the connection state (RTL6c1, RTL6c2, RTL6c4); a rejection carries
     * the error {@link Errors#forConnectionState} gives that state.
     */
    void submit(ProtocolMessage message, CompletableFuture<PublishResult> future) {
        assert manager.onExecutor() : "submit off the serial executor";
        Pending p = new Pending(message, future);
        ConnectionState state = manager.state();
        switch (state) {
            case CONNECTED -> send(p);
            case INITIALIZED, CONNECTING, DISCONNECTED -> {
                if (manager.options().queueMessages()) {
                    queued.add(p); // RTL6c2
                } else {
                    fail(
                            p,
                            Errors.forConnectionState(
                                    state, manager.errorReason(), "publish (queueMessages is false)"));
                }
            }
            default -> fail(p, Errors.forConnectionState(state, manager.errorReason(), "publish")); // RTL6c4
        }
    }

    /**
     * The connection became CONNECTED (RTL3d, RTN19a): resend messages awaiting ACK, keeping their serials after a
     * successful resume and renumbering them otherwise (RTN19a2), then send the queued ones.
     */
    void onConnected(boolean resumed) {
        assert manager.onExecutor() : "onConnected off the serial executor";
        List<Pending> resend = new ArrayList<>(inFlight);
        if (resumed) {
            for (Pending p : inFlight) {
                manager.send(p.message.toBuilder().msgSerial(p.serial).build());
            }
        } else {
            inFlight.clear();
            msgSerial = 0; // RTN15c7
            resend.forEach(this::send);
        }
        while (!queued.isEmpty() && manager.state() == ConnectionState.CONNECTED) {
            send(queued.poll());
        }
    }

    /** A new connection will be made from scratch (RTN11d): msgSerial restarts at 0. */
    void resetSerial() {
        msgSerial = 0;
    }

    /** The {@code msgSerial} the next message sent will carry (RTN16g). Any thread. */
    long nextMsgSerial() {
        return msgSerial;
    }

    /**
     * Recovery (RTN16f): the next message sent carries {@code serial}, continuing the recovered connection's sequence.
     * A failed recovery resets it to 0 like a failed resume ({@link #onConnected}, RTN15c7).
     */
    void continueFrom(long serial) {
        msgSerial = serial;
    }

    /** Fails every message awaiting ACK, and with {@code includeQueued} the queued ones too (RTN7e, RTN7d). */
    void failAll(ErrorInfo reason, boolean includeQueued) {
        assert manager.onExecutor() : "failAll off the serial executor";
        List<Pending> failed = new ArrayList<>(inFlight);
        inFlight.clear();
        if (includeQueued) {
            failed.addAll(queued);
            queued.clear();
        }
        failed.forEach(p -> fail(p, reason));
    }

    /** ACK: success for {@code msgSerial .. msgSerial + count - 1} (RTN7a, RTL6j); skipped serials are NACKed. */
    void onAck(ProtocolMessage ack) {
        assert manager.onExecutor() : "onAck off the serial executor";
        Long serial = ack.msgSerial();
        if (serial == null) {
            manager.log().warn("ACK without msgSerial ignored");
            return;
        }
        int count = ack.count() == null ? 1 : ack.count();
        nackSkipped(serial);
        List<PublishResult> res = ack.res();
        // serials already acknowledged are no longer in flight, so are ignored (protocol.md)
        long last = lastOf(serial, count);
        Pending p;
        while ((p = inFlight.peekFirst()) != null && p.serial <= last) {
            inFlight.pollFirst();
            long i = p.serial - serial;
            PublishResult result = i < res.size() ? res.get((int) i) : NO_SERIALS;
            ClientFuture.settle(manager.callbacks(), p.future, result); // no hand-off of its own
        }
    }

    /** NACK: failure for {@code msgSerial .. msgSerial + count - 1} with the NACK's error (RTN7a). */
    void onNack(ProtocolMessage nack) {
        assert manager.onExecutor() : "onNack off the serial executor";
        Long serial = nack.msgSerial();
        if (serial == null) {
            manager.log().warn("NACK without msgSerial ignored");
            return;
        }
        int count = nack.count() == null ? 1 : nack.count();
        nackSkipped(serial);
        ErrorInfo error = nack.error() != null ? nack.error() : Errors.internalError("Message rejected (NACK)");
        long last = lastOf(serial, count);
        Pending p;
        while ((p = inFlight.peekFirst()) != null && p.serial <= last) {
            inFlight.pollFirst();
            fail(p, error);
        }
    }

    /**
     * The last serial of {@code serial .. serial + count - 1}, or {@link Long#MIN_VALUE} (an empty range: serials are
     * never negative) for a count of 0 or less. The work of an ACK or NACK is bounded by the messages in flight, whatever the (possibly malformed)
     * count.
     */
    private static long lastOf(long serial, int count) {
        if (count <= 0) {
            return Long.MIN_VALUE;
        }
        return serial > Long.MAX_VALUE - (count - 1) ? Long.MAX_VALUE : serial + (count - 1);
    }

    /** The number of messages awaiting ACK (for tests and diagnostics). */
    int inFlightCount() {
        return inFlight.size();
    }

    private void nackSkipped(long serial) {
        Pending p;
        while ((p = inFlight.peekFirst()) != null && p.serial < serial) {
            inFlight.pollFirst();
            fail(p, Errors.internalError("No ACK received for this message (skipped by a later ACK or NACK)"));
        }
    }

    private void send(@Nullable Pending p) {
        if (p == null) {
            return;
        }
        long s = msgSerial;
        msgSerial = s + 1; // the only writer is the serial executor
        p.serial = s;
        Pending tail;
        // Unreachable while the connection manager moves the serial back only with nothing in flight; if it did, the
        // server's ACKs for the reused serials could not be told apart, so those messages fail now.
        while ((tail = inFlight.peekLast()) != null && tail.serial >= s) {
            inFlight.pollLast();
            fail(tail, Errors.internalError("msgSerial restarted while this message awaited its ACK"));
        }
        inFlight.addLast(p);
        manager.send(p.message.toBuilder().msgSerial(s).build());
    }

    private void fail(Pending p, ErrorInfo error) {
        ClientFuture.fail(manager.callbacks(), p.future, new AblyException(error));
    }
}
