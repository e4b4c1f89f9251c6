package io.ably4j.bench.soak;

import io.ably4j.emulator.Emulator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The in-process emulator of a soak run, which {@link #restart} replaces by a new one on the same port (all state
 * lost: connections, channels, presence, tokens). Keys and timings are fixed for the whole run.
 *
 * <p>Thread-safe: the fault driver restarts it while the run's checks read it; {@link #current()} may briefly return
 * a closed emulator, whose calls then fail.
 */
final class EmulatorHost implements AutoCloseable {
    static final String KEY = "soak.key:soak-secret";
    /** Keep-alives every 3 s, so suppressed heartbeats are noticed within seconds. */
    static final Duration MAX_IDLE = Duration.ofSeconds(3);

    private final Duration authRequestLead;
    private volatile Emulator emulator;
    private final int port;
    private int restarts;

    EmulatorHost(Duration tokenTtl) {
        this.authRequestLead = tokenTtl.dividedBy(3);
        this.emulator = build(0);
        this.port = emulator.port();
    }

    private Emulator build(int port) {
        return Emulator.builder()
                .port(port)
                .key(KEY)
                .maxIdleInterval(MAX_IDLE)
                .connectionStateTtl(Duration.ofSeconds(60))
                .presenceLeaveGrace(Duration.ofSeconds(5))
                .authRequestLead(authRequestLead)
                .build();
    }

    int port() {
        return port;
    }

    Emulator current() {
        return emulator;
    }

    synchronized int restarts() {
        return restarts;
    }

    /** Closes the emulator, waits {@code downtime}, and starts a new one on the same port (retrying the bind). */
    synchronized void restart(Duration downtime) throws InterruptedException {
        emulator.close();
        restarts++;
        TimeUnit.MILLISECONDS.sleep(downtime.toMillis()); // the outage itself
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                emulator = build(port);
                return;
            } catch (Exception e) { // a BindException (thrown unchecked by Netty) while the old socket closes
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot restart the emulator on port " + port, e);
                }
                TimeUnit.MILLISECONDS.sleep(100); // port still held by the closing server
            }
        }
    }

    @Override
    public synchronized void close() {
        emulator.close();
    }
}
