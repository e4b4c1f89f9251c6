package io.ably4j.bench.sdk;

import io.ably4j.bench.emulator.RawConnection;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The publisher of the delta benchmark, in the driver's JVM so that its cost is not measured: a raw msgpack WebSocket
 * connection (not attached, so nothing is echoed to it) that publishes the {@link DeltaPayloads} sequence as binary
 * messages named "m", one per ProtocolMessage, on a fixed schedule, with at most {@value CpuPublisher#WINDOW}
 * awaiting ACK. Not thread-safe: one thread publishes.
 */
final class DeltaPublisher implements AutoCloseable {
    private final RawConnection connection;
    private final Semaphore credits;
    private final AtomicLong nacked;
    private final String channel;
    private final DeltaPayloads payloads;
    private long serial;

    private DeltaPublisher(
            RawConnection connection, Semaphore credits, AtomicLong nacked, String channel, DeltaPayloads payloads) {
        this.connection = connection;
        this.credits = credits;
        this.nacked = nacked;
        this.channel = channel;
        this.payloads = payloads;
    }

    /** Opens the connection to {@code port} and waits for CONNECTED. */
    static DeltaPublisher open(HttpClient http, int port, String key, String channel, long seed, int size)
            throws Exception {
        Semaphore credits = new Semaphore(CpuPublisher.WINDOW);
        AtomicLong nacked = new AtomicLong();
        RawConnection c = RawConnection.open(http, URI.create("ws://127.0.0.1:" + port + "/"), key, m -> {
                    if (m.action() == ProtocolMessage.Action.ACK || m.action() == ProtocolMessage.Action.NACK) {
                        Integer n = m.count();
                        int k = n == null ? 1 : n;
                        if (m.action() == ProtocolMessage.Action.NACK) {
                            nacked.addAndGet(k);
                        }
                        credits.release(k);
                    }
                })
                .get(30, TimeUnit.SECONDS);
        try {
            c.connected.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            c.abort();
            throw e;
        }
        return new DeltaPublisher(c, credits, nacked, channel, new DeltaPayloads(seed, size));
    }

    /**
     * Publishes the next {@code count} payloads of the sequence at {@code rate} per second (catching up when late);
     * stops early when {@code keepGoing} turns false. Returns the achieved rate (messages/s).
     */
    double publish(long count, int rate, BooleanSupplier keepGoing) throws InterruptedException {
        long period = 1_000_000_000L / Math.max(1, rate);
        long start = System.nanoTime();
        long sent = 0;
        while (sent < count && keepGoing.getAsBoolean()) {
            long target = start + sent * period;
            long now = System.nanoTime();
            while (now < target) {
                LockSupport.parkNanos(target - now);
                now = System.nanoTime();
            }
            if (!credits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            byte[] data = payloads.next();
            connection.send(ProtocolMessage.builder(ProtocolMessage.Action.MESSAGE)
                    .channel(channel)
                    .msgSerial(serial++)
                    .messages(List.of(Message.builder().name("m").data(data).build()))
                    .build());
            sent++;
        }
        return sent / ((System.nanoTime() - start) / 1e9);
    }

    long nacked() {
        return nacked.get();
    }

    /** Waits (up to 30 s) for the last ACKs, then aborts the connection. */
    @Override
    public void close() {
        try {
            if (!credits.tryAcquire(CpuPublisher.WINDOW, 30, TimeUnit.SECONDS)) {
                System.out.println("delta publisher: no ACK for the last publishes within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.abort();
        }
    }
}
