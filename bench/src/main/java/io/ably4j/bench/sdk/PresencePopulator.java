package io.ably4j.bench.sdk;

import io.ably4j.bench.emulator.RawConnection;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The members of the {@code presence-sync} scenario, entered by the driver (so their cost is not measured): one raw
 * msgpack connection with unidentified key auth, which the emulator (like Ably) lets enter any clientId, attaches each
 * channel and enters {@code members} members with {@code enterClient} semantics, {@value #PER_FRAME} per PRESENCE
 * frame, at most {@value #WINDOW} frames awaiting ACK. The members stay present while this connection is open; close
 * it (an abort) and the emulator removes them after its presence leave grace.
 */
final class PresencePopulator implements AutoCloseable {
    static final int PER_FRAME = 100;
    static final int WINDOW = 20;

    private final RawConnection connection;
    private final Semaphore credits;
    private final AtomicLong nacked;
    private final List<CompletableFuture<Void>> attached;
    private long serial;

    private PresencePopulator(
            RawConnection connection, Semaphore credits, AtomicLong nacked, List<CompletableFuture<Void>> attached) {
        this.connection = connection;
        this.credits = credits;
        this.nacked = nacked;
        this.attached = attached;
    }

    /** Opens the connection and waits for CONNECTED. */
    static PresencePopulator open(HttpClient http, int port, String key) throws Exception {
        Semaphore credits = new Semaphore(WINDOW);
        AtomicLong nacked = new AtomicLong();
        // One pending attach at a time: the next ATTACHED completes the last future added.
        List<CompletableFuture<Void>> attached = new java.util.concurrent.CopyOnWriteArrayList<>();
        RawConnection c = RawConnection.open(http, URI.create("ws://127.0.0.1:" + port + "/"), key, m -> {
                    switch (m.action()) {
                        case ACK, NACK -> {
                            Integer n = m.count();
                            int k = n == null ? 1 : n;
                            if (m.action() == ProtocolMessage.Action.NACK) {
                                nacked.addAndGet(k);
                            }
                            credits.release(k);
                        }
                        case ATTACHED -> {
                            if (!attached.isEmpty()) {
                                attached.get(attached.size() - 1).complete(null);
                            }
                        }
                        default -> {}
                    }
                })
                .get(30, TimeUnit.SECONDS);
        try {
            c.connected.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            c.abort();
            throw e;
        }
        return new PresencePopulator(c, credits, nacked, attached);
    }

    /**
     * Attaches {@code channel} and enters {@code members} members, clientIds {@code member-00000} on, each with a
     * {@code size}-character string as data; returns when all are ACKed.
     */
    void enter(String channel, int members, int size) throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Void> done = new CompletableFuture<>();
        attached.add(done);
        connection.send(ProtocolMessage.builder(ProtocolMessage.Action.ATTACH)
                .channel(channel)
                .build());
        done.get(30, TimeUnit.SECONDS);
        String data = "x".repeat(size);
        for (int from = 0; from < members; from += PER_FRAME) {
            List<PresenceMessage> items = new ArrayList<>(PER_FRAME);
            for (int i = from; i < Math.min(members, from + PER_FRAME); i++) {
                items.add(PresenceMessage.builder(PresenceAction.ENTER)
                        .clientId(String.format(Locale.ROOT, "member-%05d", i))
                        .data(data)
                        .build());
            }
            if (!credits.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("presence populator: no ACK within 30 s");
            }
            connection.send(ProtocolMessage.builder(ProtocolMessage.Action.PRESENCE)
                    .channel(channel)
                    .msgSerial(serial++)
                    .presence(items)
                    .build());
        }
        if (!credits.tryAcquire(WINDOW, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("presence populator: no ACK for the last frames within 60 s");
        }
        credits.release(WINDOW);
        if (nacked.get() > 0) {
            throw new IllegalStateException("presence populator: " + nacked.get() + " frames NACKed");
        }
        System.out.printf(
                Locale.ROOT,
                "presence: %d members entered on %s in %.1f s%n",
                members,
                channel,
                (System.nanoTime() - start) / 1e9);
    }

    /** Aborts the connection; the emulator removes its members after the presence leave grace. */
    @Override
    public void close() {
        connection.abort();
    }
}
