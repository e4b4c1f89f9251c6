package io.ably4j.emulator;

import io.ably4j.emulator.internal.AppAdmin;
import io.ably4j.emulator.internal.ErrorInfo;
import io.ably4j.emulator.internal.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The applications an emulator serves ({@link Emulator#apps()}), the Java form of {@code POST /apps} and {@code
 * DELETE /apps/{appId}}. The default app holds the keys configured on the builder; every other app is provisioned
 * here or over HTTP and is isolated: its keys, tokens, channels, presence and history are its own. Thread-safe.
 */
public final class EmulatorApps {
    private final AppAdmin admin;

    EmulatorApps(AppAdmin admin) {
        this.admin = admin;
    }

    /**
     * Creates an app from an app spec in JSON, the body {@code POST /apps} takes (e.g. the {@code post_apps} object
     * of ably-common's {@code test-app-setup.json}): {@code keys[]} (each with an optional {@code capability}),
     * {@code namespaces[]} (each an {@code id} and its rules) and {@code channels[]} (each a {@code name} with {@code
     * presence[]} members entered at once).
     *
     * @param specJson the app spec, as the body of {@code POST /apps}
     * @return the new app
     * @throws IllegalArgumentException if the spec is invalid
     */
    public EmulatorApp create(String specJson) {
        Objects.requireNonNull(specJson, "specJson");
        try {
            return of(admin.createApp(Wire.decodeJsonObject(specJson)), false);
        } catch (Wire.MalformedException e) {
            throw new IllegalArgumentException("app spec is not a JSON object: " + e.getMessage(), e);
        } catch (ErrorInfo e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Creates an app with one full-capability key and no namespaces.
     *
     * @return the new app
     */
    public EmulatorApp create() {
        return create("{}");
    }

    /** {@return every app, the default app first} */
    public List<EmulatorApp> list() {
        List<EmulatorApp> out = new ArrayList<>();
        for (Map<String, Object> d : admin.apps()) {
            out.add(of(d, Boolean.TRUE.equals(d.get("default"))));
        }
        return List.copyOf(out);
    }

    /**
     * Looks up an app.
     *
     *
     * @param appId the app id
     * @return the app, or empty if there is no such app
     */
    public Optional<EmulatorApp> get(String appId) {
        return list().stream().filter(a -> a.appId().equals(appId)).findFirst();
    }

    /** {@return the default app: the keys configured on the builder ({@link Emulator#keys()})} */
    public EmulatorApp defaultApp() {
        return list().get(0);
    }

    /**
     * Deletes a provisioned app: its connections get a fatal {@code ERROR} 40400, its keys and tokens are refused, its
     * channels are gone.
     *
     * @param appId the app id
     * @return false if there is no such app
     * @throws IllegalArgumentException for the default app
     */
    public boolean delete(String appId) {
        try {
            return admin.deleteApp(Objects.requireNonNull(appId, "appId"));
        } catch (ErrorInfo e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static EmulatorApp of(Map<String, Object> d, boolean isDefault) {
        List<String> keys = new ArrayList<>();
        if (d.get("keys") instanceof List<?> list) {
            for (Object k : list) {
                if (k instanceof Map<?, ?> key) {
                    keys.add(String.valueOf(key.get("keyStr")));
                }
            }
        }
        List<String> namespaces = new ArrayList<>();
        if (d.get("namespaces") instanceof List<?> list) {
            for (Object n : list) {
                if (n instanceof Map<?, ?> ns) {
                    namespaces.add(String.valueOf(ns.get("id")));
                }
            }
        }
        Map<String, Object> copy = new java.util.LinkedHashMap<>(d);
        copy.remove("default");
        return new EmulatorApp(String.valueOf(d.get("appId")), keys, namespaces, isDefault, Wire.encodeJson(copy));
    }
}
