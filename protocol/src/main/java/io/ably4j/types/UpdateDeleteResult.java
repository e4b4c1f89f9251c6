package io.ably4j.types;

import io.ably4j.internal.protocol.JsonProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of a message update, delete or append: the serial of the version it created. Spec: UDR1. Immutable and
 * thread-safe.
 */
public final class UpdateDeleteResult {
    private static final UpdateDeleteResult SUPERSEDED = new UpdateDeleteResult(null);

    private final @Nullable String versionSerial;

    private UpdateDeleteResult(@Nullable String versionSerial) {
        this.versionSerial = versionSerial;
    }

    /**
     * A result with the given version serial, or null when the operation was superseded. Spec: UDR2a.
     *
     * @param versionSerial the serial of the new version, or null
     * @return the new result
     */
    public static UpdateDeleteResult of(@Nullable String versionSerial) {
        return versionSerial == null ? SUPERSEDED : new UpdateDeleteResult(versionSerial);
    }

    /**
     * Parses a result from its JSON form, an object whose {@code versionSerial} may be a string, null or missing;
     * other members are ignored, as a response holds a superset of these fields. Spec: RSL15e.
     *
     * @param json the JSON text of the response
     * @return the parsed result
     * @throws AblyException with code 40000 if {@code json} is null or not such an object
     */
    public static UpdateDeleteResult fromJson(String json) {
        Values.requireArg(json, "json");
        return new JsonProtocolCodec().decodeUpdateDeleteResult(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@return the serial of the new version of the message; null if the message was superseded by a later update
     * before this one could be published} Spec: UDR2a.
     */
    public @Nullable String versionSerial() {
        return versionSerial;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o || (o instanceof UpdateDeleteResult r && Objects.equals(versionSerial, r.versionSerial));
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(versionSerial);
    }

    @Override
    public String toString() {
        return "UpdateDeleteResult{versionSerial=" + versionSerial + '}';
    }
}
