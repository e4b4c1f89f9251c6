package io.ably4j.emulator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /keys/{keyName}/revokeTokens} (RSA17, TRS, TRF) and its effect on live connections. Runs on the engine
 * thread.
 *
 * <p>Targets {@code clientId:…} and {@code revocationKey:…} (a JWT's {@code x-ably-revocation-key} claim) are
 * supported; {@code channel:…} needs an account feature on Ably (40121) and is refused per target here; any other
 * type is a per-target 40000. A revoked token is refused with 40141 from {@code appliesAt}: now, or 30 s later with
 * {@code allowReauthMargin}. A connection using a revoked token gets DISCONNECTED with 40141 then (as Ably's does:
 * the client renews its token, or fails for lack of a means to); with the margin it is first sent an AUTH as a hint
 * to renew (RTN22), and is left alone if it did.
 */
final class RestRevocation {
    static final long REAUTH_MARGIN = 30_000L;
    private static final long MAX_ISSUED_BEFORE_AGE = 60 * 60 * 1000L;
    private static final int MAX_TARGETS = 100;
    private final Engine engine;

    RestRevocation(Engine engine) {
        this.engine = engine;
    }

    RestApi.Response revokeTokens(RestApi.Request r, String keyName, Auth.Credential cred, boolean msgpack)
            throws ErrorInfo {
        if (!cred.basic()) {
            throw new ErrorInfo(40162, 401, "Token revocation requires Basic authentication with an API key");
        }
        if (!cred.key().name().equals(keyName)) {
            throw new ErrorInfo(40133, 401, "Can only revoke tokens using the same key that issued them");
        }
        if (!(RestApi.parseBody(r) instanceof Map<?, ?> body)) {
            throw new ErrorInfo(40000, 400, "Token revocation body must be an object");
        }
        List<String> targets = targets(body.get("targets"));
        long now = engine.now();
        long issuedBefore = now;
        Object ib = body.get("issuedBefore");
        if (ib != null) {
            if (!(ib instanceof Long || ib instanceof Integer)) {
                throw new ErrorInfo(40003, 400, "issuedBefore must be a timestamp in milliseconds");
            }
            issuedBefore = ((Number) ib).longValue();
            if (issuedBefore > now || issuedBefore < now - MAX_ISSUED_BEFORE_AGE) {
                throw new ErrorInfo(40003, 400, "issuedBefore must not be in the future nor more than an hour ago");
            }
        }
        Object margin = body.get("allowReauthMargin");
        if (margin != null && !(margin instanceof Boolean)) {
            throw new ErrorInfo(40003, 400, "allowReauthMargin must be a boolean");
        }
        boolean reauthMargin = Boolean.TRUE.equals(margin);
        long appliesAt = reauthMargin ? now + REAUTH_MARGIN : now;
        List<Map<String, Object>> results = new ArrayList<>();
        for (String target : targets) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("target", target); // TRS2a, TRF2a
            int colon = target.indexOf(':');
            String type = colon < 0 ? target : target.substring(0, colon);
            String value = colon < 0 ? "" : target.substring(colon + 1);
            if ((type.equals("clientId") || type.equals("revocationKey")) && !value.isEmpty()) {
                engine.auth.revoke(keyName, target, issuedBefore, appliesAt, now);
                result.put("issuedBefore", issuedBefore); // TRS2c
                result.put("appliesAt", appliesAt); // TRS2b
            } else if (type.equals("channel") && !value.isEmpty()) {
                result.put(
                        "error",
                        new ErrorInfo(40121, 401, "Token revocation by channel is not enabled (emulator)").toMap());
            } else {
                result.put("error", new ErrorInfo(40000, 400, "Invalid target type or value: " + target).toMap());
            }
            results.add(result);
        }
        enforce(reauthMargin, appliesAt);
        return RestBatch.envelope(r)
                ? RestApi.ok(201, RestBatch.batchResult(results), msgpack)
                : RestBatch.legacy(201, results, msgpack);
    }

    private static List<String> targets(@Nullable Object value) throws ErrorInfo {
        List<String> targets = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new ErrorInfo(40000, 400, "targets must be strings of the form type:value");
                }
                targets.add(s);
            }
        }
        if (targets.isEmpty()) {
            throw new ErrorInfo(40000, 400, "targets must be a non-empty array of type:value strings");
        }
        if (targets.size() > MAX_TARGETS) {
            throw new ErrorInfo(40003, 400, "At most " + MAX_TARGETS + " targets per request");
        }
        return targets;
    }

    private void enforce(boolean reauthMargin, long appliesAt) {
        if (!reauthMargin) {
            disconnectRevoked();
            return;
        }
        long now = engine.now();
        for (Session s : engine.sessions.values()) {
            Transport t = s.transport;
            if (t != null && !t.closed && engine.auth.revocationPending(s.credential, now)) {
                t.send(Frame.of(Frame.AUTH));
            }
        }
        engine.schedule(Duration.ofMillis(appliesAt - now), this::disconnectRevoked);
    }

    /** DISCONNECTED with 40141 to every connection whose current token is revoked. */
    private void disconnectRevoked() {
        long now = engine.now();
        for (Session s : new ArrayList<>(engine.sessions.values())) {
            Transport t = s.transport;
            if (t != null && !t.closed && engine.auth.revoked(s.credential, now)) {
                engine.logEvent(io.ably4j.emulator.EmulatorEvent.Type.FAULT, s.id, "token revoked");
                t.sendAndClose(
                        Frame.of(Frame.DISCONNECTED).put("error", new ErrorInfo(40141, 401, "Token revoked").toMap()));
            }
        }
    }
}
