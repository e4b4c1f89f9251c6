package io.ably4j.emulator;

import java.util.List;
import java.util.Objects;

/**
 * One application served by the emulator (see {@link EmulatorApps}). Immutable.
 *
 * @param appId the app id, the prefix of its keys ({@code appId.keyId:secret})
 * @param keys its keys as {@code appId.keyId:secret}, in creation order
 * @param namespaces the ids of its channel namespaces
 * @param isDefault whether this is the default app (the keys configured on the builder)
 * @param json the app as {@code POST /apps} answers it ({@code appId}, {@code keys[]}, {@code namespaces[]}, ...)
 */
public record EmulatorApp(String appId, List<String> keys, List<String> namespaces, boolean isDefault, String json) {
    /**
     * @param appId the app id, the prefix of its keys
     * @param keys its keys as {@code appId.keyId:secret}, in creation order (copied)
     * @param namespaces the ids of its channel namespaces (copied)
     * @param isDefault whether this is the default app
     * @param json the app as {@code POST /apps} answers it
     */
    public EmulatorApp {
        Objects.requireNonNull(appId, "appId");
        keys = List.copyOf(keys);
        namespaces = List.copyOf(namespaces);
        Objects.requireNonNull(json, "json");
    }

    /** {@return the first key, {@code appId.keyId:secret}} */
    public String key() {
        return keys.get(0);
    }
}
