package io.ably4j.internal.connection;

import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.Scheduler;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Connection liveness (RTN23): if nothing arrives from the server (a frame or a WebSocket ping) for maxIdleInterval +
 * realtimeRequestTimeout, the connection is considered lost. Confined to the serial executor. Rather than rescheduling
 * on every frame, the timer compares with the time of the latest activity when it fires and waits again for the rest.
 *
 * <p>While the client has paused reading (inbound backpressure, {@link InboundBacklog}) the clock is suspended: the
 * silence is the client's own doing, so it proves nothing about the connection. On resume the clock restarts from
 * zero, so a connection that really died meanwhile is detected one full timeout after reading resumed.
 */
final class IdleMonitor {
    private final SerialTimers timers;
    private final Runnable onIdle;
    private @Nullable Cancellable timer;
    private long lastActivity;
    private Duration timeout = Duration.ZERO;
    /** Monitoring is on (started with a limit and not stopped). */
    private boolean running;
    /** Reading is paused by the client: the timer is off until it resumes. */
    private boolean paused;

    IdleMonitor(SerialTimers timers, Runnable onIdle) {
        this.timers = timers;
        this.onIdle = onIdle;
    }

    /** Something arrived from the server. */
    void activity() {
        lastActivity = timers.nanoTime();
    }

    /** (Re)starts monitoring; {@code maxIdleInterval} null or 0 means no limit (CD2h). */
    void start(@Nullable Long maxIdleInterval, Duration realtimeRequestTimeout) {
        stop();
        if (maxIdleInterval == null || maxIdleInterval <= 0) {
            return;
        }
        activity();
        Duration idle = Scheduler.capped(Duration.ofMillis(maxIdleInterval));
        timeout = Scheduler.capped(idle.plus(Scheduler.capped(realtimeRequestTimeout))); // no overflow: both capped
        running = true;
        if (!paused) {
            timer = timers.schedule(timeout, this::check);
        }
    }

    void stop() {
        running = false;
        SerialTimers.cancel(timer);
        timer = null;
    }

    /** The client stopped ({@code true}) or resumed reading: suspends the clock, or restarts it from zero. */
    void readingPaused(boolean nowPaused) {
        if (nowPaused == paused) {
            return;
        }
        paused = nowPaused;
        SerialTimers.cancel(timer);
        timer = null;
        if (!nowPaused && running) {
            activity();
            timer = timers.schedule(timeout, this::check);
        }
    }

    /** Whether the timer is suspended because reading is paused (for tests). */
    boolean suspended() {
        return paused && running;
    }

    Duration timeout() {
        return timeout;
    }

    private void check() {
        long idle = timers.nanoTime() - lastActivity;
        if (idle < timeout.toNanos()) {
            timer = timers.schedule(Duration.ofNanos(timeout.toNanos() - idle), this::check);
        } else {
            timer = null;
            onIdle.run();
        }
    }
}
