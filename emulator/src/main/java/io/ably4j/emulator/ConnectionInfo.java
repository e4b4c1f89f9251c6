package io.ably4j.emulator;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one realtime connection's state in the emulator.
 *
 * @param connectionId the connection id sent in CONNECTED
 * @param clientId the resolved clientId, null for anonymous connections
 * @param connected whether a transport is currently attached (false while awaiting resume)
 * @param format {@code json} or {@code msgpack} of the current (or last) transport
 * @param channels channels currently attached
 */
public record ConnectionInfo(
        String connectionId, @Nullable String clientId, boolean connected, String format, Set<String> channels) {}
