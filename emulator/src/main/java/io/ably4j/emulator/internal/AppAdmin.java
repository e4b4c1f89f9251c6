package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The thread-safe face of the app registry ({@link Apps}) for the public {@code EmulatorApps}: each operation runs on
 * the engine thread and waits for it.
 */
public final class AppAdmin {
    private final Engine engine;

    public AppAdmin(Engine engine) {
        this.engine = engine;
    }

    /** Creates an app from a POST /apps body; returns its description (the POST /apps response). */
    public Map<String, Object> createApp(Map<String, Object> spec) throws ErrorInfo {
        try {
            return engine.call(() -> engine.apps.create(spec).describe());
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof ErrorInfo info) {
                throw info;
            }
            throw e;
        }
    }

    /** Deletes a provisioned app (see {@link Apps#delete}); false if there is no such app. */
    public boolean deleteApp(String appId) throws ErrorInfo {
        try {
            return engine.call(() -> {
                App app = engine.apps.get(appId);
                if (app == null) {
                    return false;
                }
                engine.apps.delete(app);
                return true;
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof ErrorInfo info) {
                throw info;
            }
            throw e;
        }
    }

    /** Descriptions of every app, the default app first. */
    public List<Map<String, Object>> apps() {
        return engine.call(() -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (App app : engine.apps.all()) {
                Map<String, Object> d = app.describe();
                d.put("default", app.isDefault);
                out.add(d);
            }
            return out;
        });
    }
}
