package io.ably4j.emulator.internal;

import io.ably4j.emulator.DropMode;
import io.ably4j.emulator.EmulatorClock.Cancellable;
import io.ably4j.emulator.EmulatorEvent;
import io.ably4j.emulator.FrameRule;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket transport. Outbound frames pass the fault rules (suppress/delay, order preserved),
 * the event log and a bounded outbound buffer. Confined to the engine thread except {@link #channel}.
 */
final class Transport {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private record Pending(Frame frame, long at) {}

    final Channel channel;
    final Engine engine;
    final boolean json;
    final boolean protocolHeartbeats;
    final Map<String, String> query;
    final String label = "t" + SEQUENCE.incrementAndGet();

    @Nullable
    Session session;

    boolean held;
    boolean closed;
    private boolean closeWhenDrained;
    private final ArrayDeque<Pending> outbound = new ArrayDeque<>();
    private final ArrayDeque<Pending> inbound = new ArrayDeque<>();
    private final AckCoalescer acks = new AckCoalescer();
    /** Whether frames were written and not yet flushed ({@link Engine#inTask}). */
    private boolean unflushed;

    private @Nullable Cancellable outTimer;
    private @Nullable Cancellable inTimer;
    private @Nullable Cancellable heartbeatTimer;

    Transport(Channel channel, Engine engine, boolean json, boolean protocolHeartbeats, Map<String, String> query) {
        this.channel = channel;
        this.engine = engine;
        this.json = json;
        this.protocolHeartbeats = protocolHeartbeats;
        this.query = query;
    }

    @Nullable
    String connectionId() {
        Session s = session;
        return s == null ? null : s.id;
    }

    /** Sends a frame, subject to the fault rules (after the ACKs gathered so far, if any). */
    void send(Frame f) {
        flushAcks();
        sendNow(f);
    }

    private void flushAcks() {
        if (acks.pending()) {
            acks.flush(this);
        }
    }

    /**
     * Acknowledges a publish: within {@link #receiveBatch} the ACKs of consecutive msgSerials are sent as one (see
     * {@link AckCoalescer}), otherwise at once.
     */
    void ack(long msgSerial, @Nullable List<Object> serials) {
        if (!acks.add(msgSerial, serials, this)) {
            sendNow(ChannelService.ack(msgSerial, serials));
        }
    }

    /** Receives the frames of one socket read (see {@link #receive}), coalescing their ACKs. */
    void receiveBatch(List<Frame> frames) {
        acks.begin();
        try {
            for (Frame f : frames) {
                receive(f);
            }
        } finally {
            acks.end(this);
        }
    }

    /** Sends a frame, subject to the fault rules, without first sending the gathered ACKs. */
    void sendNow(Frame f) {
        if (closed) {
            return;
        }
        FrameRule rule = engine.faults.fire(FrameRule.Direction.TO_CLIENT, f.action(), f.channel(), connectionId());
        if (rule == null && outbound.isEmpty()) {
            write(f); // the common case: no fault rule, nothing delayed before it (no clock read)
            return;
        }
        long now = engine.now();
        long at = now;
        if (rule != null) {
            Duration delay = rule.delay();
            if (delay == null) {
                engine.event(EmulatorEvent.Type.FRAME_SUPPRESSED, connectionId(), f, "to client by " + rule);
                return;
            }
            engine.event(EmulatorEvent.Type.FRAME_DELAYED, connectionId(), f, "to client by " + rule);
            at = now + delay.toMillis();
        }
        if (!outbound.isEmpty() || at > now) {
            outbound.addLast(new Pending(f, at));
            scheduleOutbound();
            return;
        }
        write(f);
    }

    private void scheduleOutbound() {
        if (outTimer != null || outbound.isEmpty()) {
            return;
        }
        long wait = Math.max(0, outbound.peekFirst().at() - engine.now());
        outTimer = engine.schedule(Duration.ofMillis(wait), () -> {
            outTimer = null;
            drainOutbound();
        });
    }

    private void drainOutbound() {
        long now = engine.now();
        while (!outbound.isEmpty() && outbound.peekFirst().at() <= now && !closed) {
            write(outbound.removeFirst().frame());
        }
        if (outbound.isEmpty() && closeWhenDrained) {
            closeGracefully();
        }
        scheduleOutbound();
    }

    private void write(Frame f) {
        engine.event(EmulatorEvent.Type.FRAME_OUT, connectionId(), f, null);
        if (!channel.isWritable()) {
            flushWrites(); // what this task wrote counts too: only what the socket does not take is the client's
            if (!channel.isWritable()) {
                overflow();
                return;
            }
        }
        if (!engine.inTask()) {
            watch(channel.writeAndFlush(f));
            return;
        }
        watch(channel.write(f));
        if (!unflushed) {
            unflushed = true;
            engine.flushAtEndOfTask(this);
        }
        if (channel.bytesBeforeUnwritable() <= engine.config.outboundQueueLimit() / 2) {
            flushWrites(); // a long task (a replay, a rewind) hands its output to the socket as it goes
        }
    }

    /** Flushes what this transport wrote without flushing (within an engine task). */
    void flushWrites() {
        if (unflushed) {
            unflushed = false;
            channel.flush();
        }
    }

    /** Netty completes writes and closes asynchronously; failures are only worth a debug line. */
    static void watch(io.netty.util.concurrent.Future<?> future) {
        future.addListener(WATCHER);
    }

    private static final io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<Object>>
            WATCHER = f -> {
                if (!f.isSuccess() && f.cause() != null) {
                    Engine.LOG.log(
                            System.Logger.Level.DEBUG, "channel operation failed: {0}", String.valueOf(f.cause()));
                }
            };

    /** Called when Netty reports the outbound buffer above the limit. */
    void overflowIfUnwritable() {
        if (!closed) {
            flushWrites();
        }
        if (!closed && !channel.isWritable()) {
            overflow();
        }
    }

    private void overflow() {
        engine.event(
                EmulatorEvent.Type.FAULT,
                connectionId(),
                null,
                "outbound queue limit " + engine.config.outboundQueueLimit() + " bytes exceeded; disconnecting");
        drop(DropMode.FIN);
    }

    /** Receives a decoded frame from the client, subject to the fault rules. */
    void receive(Frame f) {
        if (closed) {
            return;
        }
        engine.event(EmulatorEvent.Type.FRAME_IN, connectionId(), f, null);
        FrameRule rule = engine.faults.fire(FrameRule.Direction.TO_SERVER, f.action(), f.channel(), connectionId());
        if (rule == null && inbound.isEmpty()) {
            engine.dispatch(this, f); // the common case: no fault rule, nothing delayed before it (no clock read)
            return;
        }
        long now = engine.now();
        long at = now;
        if (rule != null) {
            Duration delay = rule.delay();
            if (delay == null) {
                engine.event(EmulatorEvent.Type.FRAME_SUPPRESSED, connectionId(), f, "to server by " + rule);
                return;
            }
            engine.event(EmulatorEvent.Type.FRAME_DELAYED, connectionId(), f, "to server by " + rule);
            at = now + delay.toMillis();
        }
        if (!inbound.isEmpty() || at > now) {
            inbound.addLast(new Pending(f, at));
            scheduleInbound();
            return;
        }
        engine.dispatch(this, f);
    }

    private void scheduleInbound() {
        if (inTimer != null || inbound.isEmpty()) {
            return;
        }
        long wait = Math.max(0, inbound.peekFirst().at() - engine.now());
        inTimer = engine.schedule(Duration.ofMillis(wait), () -> {
            inTimer = null;
            long now = engine.now();
            while (!inbound.isEmpty() && inbound.peekFirst().at() <= now && !closed) {
                engine.dispatch(this, inbound.removeFirst().frame());
            }
            scheduleInbound();
        });
    }

    /** Sends a frame and then closes the WebSocket once everything queued before it was written. */
    void sendAndClose(Frame f) {
        send(f);
        if (outbound.isEmpty()) {
            closeGracefully();
        } else {
            closeWhenDrained = true;
        }
    }

    private void closeGracefully() {
        if (closed) {
            return;
        }
        flushAcks();
        markClosed();
        channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
    }

    /** Ends the transport abruptly or cleanly (fault injection and overflow). */
    void drop(DropMode mode) {
        if (closed && mode != DropMode.RST) {
            return;
        }
        flushAcks(); // what was acknowledged before the drop still goes first (it was written at once before batching)
        markClosed();
        switch (mode) {
            case CLEAN:
                channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
                break;
            case RST:
                flushWrites();
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
                watch(channel.close());
                break;
            case FIN:
            default:
                flushWrites();
                watch(channel.close());
                break;
        }
    }

    private void markClosed() {
        closed = true;
        stopTimers();
        outbound.clear();
        inbound.clear();
    }

    void stopTimers() {
        for (Cancellable c : new Cancellable[] {outTimer, inTimer, heartbeatTimer}) {
            if (c != null) {
                c.cancel();
            }
        }
        outTimer = null;
        inTimer = null;
        heartbeatTimer = null;
    }

    /** Starts the keep-alive: HEARTBEAT messages or WebSocket pings every maxIdleInterval. */
    void startHeartbeats() {
        Duration interval = engine.config.maxIdleInterval();
        heartbeatTimer = engine.schedule(interval, () -> {
            heartbeatTimer = null;
            if (closed) {
                return;
            }
            // The next one is scheduled before this one is sent: a test that advances a manual clock as soon as it
            // sees this heartbeat must find the next timer already there.
            startHeartbeats();
            Session s = session;
            boolean suppressed = engine.faults.heartbeatsSuppressed() || (s != null && s.heartbeatsSuppressed);
            if (!suppressed) {
                if (protocolHeartbeats) {
                    send(Frame.of(Frame.HEARTBEAT));
                } else {
                    watch(channel.writeAndFlush(new PingWebSocketFrame()));
                }
            }
        });
    }
}
