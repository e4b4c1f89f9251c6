package io.ably4j.emulator.internal;

import io.ably4j.emulator.EmulatorClock;
import java.time.Duration;
import java.util.List;

/** Immutable emulator settings (built by {@code Emulator.Builder}). */
public record Config(
        String bindAddress,
        int port,
        List<Auth.Key> keys,
        EmulatorClock clock,
        Duration connectionStateTtl,
        Duration maxIdleInterval,
        Duration presenceLeaveGrace,
        Duration authRequestLead,
        boolean tls,
        boolean strictBasicAuth,
        int maxMessageSize,
        int maxFrameSize,
        int outboundQueueLimit,
        int syncPageSize,
        int eventLogCapacity,
        int adminPort,
        String serverId,
        boolean logConnections) {

    /** How long channel messages are kept for replay and history. */
    public Duration retention() {
        Duration twoMinutes = Duration.ofMinutes(2);
        return connectionStateTtl.compareTo(twoMinutes) > 0 ? connectionStateTtl : twoMinutes;
    }
}
