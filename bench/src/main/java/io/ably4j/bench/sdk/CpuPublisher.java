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
 * The publisher of the subscriber-CPU scenario, in the driver's JVM so that its cost is not measured: a raw msgpack
 * WebSocket connection (not attached, so nothing is echoed to it) that publishes one message per ProtocolMessage, with
 * at most a window ({@value #WINDOW} by default) awaiting ACK, either as fast as that allows or on a fixed schedule.
 */
final class CpuPublisher implements AutoCloseable {
    static final int WINDOW = 100;

    private final RawConnection connection;
    private final Semaphore credits;
    private final AtomicLong nacked;
    private final String channel;
    private final int window;
    private final List<Message> messages;
    private long serial;

    private final int batch;

    private CpuPublisher(
            RawConnection connection,
            Semaphore credits,
            AtomicLong nacked,
            String channel,
            int size,
            int window,
            int batch) {
        this.window = window;
        this.batch = batch;
        this.connection = connection;
        this.credits = credits;
        this.nacked = nacked;
        this.channel = channel;
        this.messages = java.util.Collections.nCopies(
                batch, Message.builder().name("m").data("x".repeat(size)).build());
    }

    /** Opens the connection and waits for CONNECTED. */
    static CpuPublisher open(HttpClient http, int port, String key, String channel, int size) throws Exception {
        return open(http, port, key, channel, size, WINDOW);
    }

    /** Opens the connection with at most {@code window} publishes awaiting ACK, and waits for CONNECTED. */
    static CpuPublisher open(HttpClient http, int port, String key, String channel, int size, int window)
            throws Exception {
        return open(http, port, key, channel, size, window, 1);
    }

    /** As {@link #open(HttpClient, int, String, String, int, int)}, with {@code batch} messages per frame. */
    static CpuPublisher open(HttpClient http, int port, String key, String channel, int size, int window, int batch)
            throws Exception {
        Semaphore credits = new Semaphore(window);
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
        return new CpuPublisher(c, credits, nacked, channel, size, window, batch);
    }

    /**
     * Publishes {@code count} messages, at {@code rate} per second on a fixed schedule (catching up when late), or as
     * fast as the window allows if {@code rate} is 0; stops early when {@code keepGoing} turns false. Returns the
     * achieved rate (messages/s).
     */
    double publish(long count, int rate, BooleanSupplier keepGoing) throws InterruptedException {
        long frames = count / batch;
        long period = rate > 0 ? 1_000_000_000L * batch / rate : 0;
        long start = System.nanoTime();
        long sent = 0;
        while (sent < frames && keepGoing.getAsBoolean()) {
            long target = start + sent * period;
            long now = System.nanoTime();
            while (now < target) {
                LockSupport.parkNanos(target - now);
                now = System.nanoTime();
            }
            if (!credits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            connection.send(ProtocolMessage.builder(ProtocolMessage.Action.MESSAGE)
                    .channel(channel)
                    .msgSerial(serial++)
                    .messages(messages)
                    .build());
            sent++;
        }
        return sent * batch / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The saturation driver: {@code publishers} connections (opened now, each with {@code window} publishes awaiting
     * ACK, {@code batch} messages per frame) publish {@code count} messages in all, in parallel and as fast as their windows allow, so that the emulator
     * receives more than one subscriber can take (the bench emulator keeps a slow consumer connected, see {@code
     * EmulatorProcess}). Returns the achieved publish rate (messages/s).
     */
    static double saturate(
            HttpClient http,
            int port,
            String key,
            String channel,
            int size,
            int window,
            int publishers,
            int batch,
            long count,
            BooleanSupplier keepGoing)
            throws Exception {
        List<CpuPublisher> pubs = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < publishers; i++) {
                pubs.add(open(http, port, key, channel, size, window, batch));
            }
            long start = System.nanoTime();
            List<Thread> threads = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicReference<Exception> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            for (int i = 0; i < publishers; i++) {
                CpuPublisher pub = pubs.get(i);
                long frames = count / batch;
                long share = batch * (frames / publishers + (i == 0 ? frames % publishers : 0));
                Thread t = new Thread(
                        () -> {
                            try {
                                pub.publish(share, 0, keepGoing);
                            } catch (InterruptedException e) {
                                failure.compareAndSet(null, e);
                            }
                        },
                        "saturation-publisher-" + i);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            Exception e = failure.get();
            if (e != null) {
                throw e;
            }
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            for (CpuPublisher pub : pubs) {
                pub.close();
            }
        }
    }

    long nacked() {
        return nacked.get();
    }

    /** Waits (up to 30 s) for the last ACKs, then aborts the connection. */
    @Override
    public void close() {
        try {
            // Aborting before the ACKs could drop frames the emulator has not read yet.
            if (!credits.tryAcquire(window, 30, TimeUnit.SECONDS)) {
                System.out.println("cpu publisher: no ACK for the last publishes within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.abort();
        }
    }
}
