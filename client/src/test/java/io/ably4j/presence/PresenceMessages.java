package io.ably4j.presence;

import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import org.jspecify.annotations.Nullable;

/** UTS {@code PresenceMessage(action, clientId, connectionId, id, timestamp, data)} for the presence tests. */
final class PresenceMessages {
    private PresenceMessages() {}

    static PresenceMessage pm(PresenceAction action, String clientId, String connectionId, String id, long timestamp) {
        return pm(action, clientId, connectionId, id, timestamp, null);
    }

    static PresenceMessage pm(
            PresenceAction action,
            String clientId,
            String connectionId,
            @Nullable String id,
            long timestamp,
            @Nullable String data) {
        return PresenceMessage.builder(action)
                .clientId(clientId)
                .connectionId(connectionId)
                .id(id)
                .timestamp(timestamp)
                .data(data)
                .build();
    }
}
