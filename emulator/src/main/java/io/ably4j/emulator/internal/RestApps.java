package io.ably4j.emulator.internal;

import java.util.Map;

/**
 * {@code POST /apps} and {@code DELETE /apps/{appId}}: sandbox-style app provisioning, as the official SDKs' test
 * suites use it. Runs on the engine thread.
 *
 * <p>{@code POST /apps} needs no credentials (like Ably's sandbox) and takes the {@code post_apps} object of
 * ably-common's {@code test-app-setup.json}; it answers 201 with the app ({@code appId}, {@code keys[]} with {@code
 * keyName}, {@code keySecret}, {@code keyStr}, {@code capability}, ...). {@code DELETE /apps/{appId}} needs Basic auth
 * with one of that app's keys and answers 204.
 */
final class RestApps {
    private RestApps() {}

    static RestApi.Response create(Engine engine, RestApi.Request r, boolean msgpack) throws ErrorInfo {
        Object body = r.body().length == 0 ? Map.of() : RestApi.parseBody(r);
        if (!(body instanceof Map<?, ?> spec)) {
            throw new ErrorInfo(40000, 400, "The app spec must be an object");
        }
        App app = engine.apps.create(Wire.castMap(spec));
        return RestApi.ok(201, app.describe(), msgpack);
    }

    static RestApi.Response delete(Engine engine, String appId, Auth.Credential cred) throws ErrorInfo {
        App app = engine.apps.get(appId);
        if (app == null) {
            throw new ErrorInfo(40400, 404, "No such app: " + appId);
        }
        if (!cred.basic() || engine.apps.of(cred.key()) != app) {
            throw new ErrorInfo(40101, 401, "Deleting an app needs Basic auth with one of its keys");
        }
        engine.apps.delete(app);
        return new RestApi.Response(204, "application/json", new byte[0], Map.of());
    }
}
