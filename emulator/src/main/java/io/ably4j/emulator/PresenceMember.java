package io.ably4j.emulator;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one member of a channel's presence set in the emulator (see {@link Emulator#presenceMembers(String)}).
 *
 * @param id the id of the presence message that entered or last updated the member ({@code connectionId:msgSerial:index}
 *     unless the client supplied one)
 * @param clientId the member's clientId
 * @param connectionId the connection that entered it
 * @param timestamp when the emulator received that message, in milliseconds since the epoch (emulator clock)
 * @param data the member's data: a {@code String}, {@code byte[]} or null
 * @param encoding the data's remaining encoding (for example {@code json}), or null
 */
public record PresenceMember(
        String id,
        String clientId,
        String connectionId,
        long timestamp,
        @Nullable Object data,
        @Nullable String encoding) {

    static PresenceMember of(Map<String, Object> m) {
        return new PresenceMember(
                String.valueOf(m.get("id")),
                String.valueOf(m.get("clientId")),
                String.valueOf(m.get("connectionId")),
                m.get("timestamp") instanceof Long t ? t : 0L,
                m.get("data"),
                m.get("encoding") instanceof String e ? e : null);
    }
}
