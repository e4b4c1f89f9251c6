package io.ably4j.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Keys, native tokens, JWT verification and TokenRequest signing/validation. Keys are immutable; the
 * token and nonce registries are confined to the engine thread.
 */
public final class Auth {
    /** Default token TTL (TK2a). */
    public static final long DEFAULT_TTL = 60 * 60 * 1000L;

    static final long MAX_TTL = 24 * 60 * 60 * 1000L;
    static final long TIMESTAMP_WINDOW = 2 * 60 * 1000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An API key {@code appId.keyId:secret} with its capability. */
    public record Key(String appId, String name, String secret, Capability capability) {
        /** Parses {@code appId.keyId:secret}. */
        public static Key parse(String key, Capability capability) {
            int colon = key.indexOf(':');
            int dot = key.indexOf('.');
            if (colon <= 0 || dot <= 0 || dot > colon || colon == key.length() - 1 || dot == colon - 1) {
                throw new IllegalArgumentException("API key must look like appId.keyId:secret");
            }
            return new Key(key.substring(0, dot), key.substring(0, colon), key.substring(colon + 1), capability);
        }

        @Override
        public String toString() {
            return name + ":<secret>";
        }
    }

    /**
     * What a request or connection authenticated with.
     *
     * @param tokenClientId the clientId bound to the token ({@code *} = wildcard), null if none
     * @param expires epoch millis, {@code Long.MAX_VALUE} for basic auth
     * @param issued when the token was issued (epoch millis; a JWT's {@code iat}, 0 without one), 0 for basic auth
     * @param revocationKey a JWT's {@code x-ably-revocation-key} claim (RSA17 revocation target), else null
     */
    public record Credential(
            Key key,
            boolean basic,
            @Nullable String token,
            @Nullable String tokenClientId,
            Capability capability,
            long expires,
            long issued,
            @Nullable String revocationKey) {}

    private record TokenEntry(
            String keyName,
            long issued,
            long expires,
            Capability capability,
            @Nullable String clientId) {}

    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, TokenEntry> tokens = new HashMap<>();
    private final Map<String, Long> nonces = new HashMap<>();
    private final Map<String, Long> expiredOverrides = new HashMap<>();
    private final Revocations revocations = new Revocations();

    public Auth(List<Key> keys) {
        for (Key k : keys) {
            this.keys.put(k.name(), k);
        }
    }

    /** Adds the keys of a provisioned app. */
    void addKeys(List<Key> added) {
        for (Key k : added) {
            keys.put(k.name(), k);
        }
    }

    /** Removes the keys of a deleted app: they, and the tokens they issued, are refused from now on. */
    void removeKeys(List<Key> removed) {
        for (Key k : removed) {
            keys.remove(k.name());
        }
        tokens.values().removeIf(t -> removed.stream().anyMatch(k -> k.name().equals(t.keyName())));
    }

    public @Nullable Key key(String keyName) {
        return keys.get(keyName);
    }

    public List<Key> keys() {
        return List.copyOf(keys.values());
    }

    /** Authenticates {@code keyName:secret}. */
    public Credential basic(String keyString) throws ErrorInfo {
        int colon = keyString.indexOf(':');
        Key k = colon > 0 ? keys.get(keyString.substring(0, colon)) : null;
        if (k == null || !constantTimeEquals(k.secret(), keyString.substring(colon + 1))) {
            throw new ErrorInfo(40101, 401, "Invalid key in request");
        }
        return new Credential(k, true, null, null, k.capability(), Long.MAX_VALUE, 0, null);
    }

    /** Authenticates a native token or a JWT; rejects expired, unknown or revoked (40141) tokens. */
    public Credential token(String token, long now) throws ErrorInfo {
        Credential c = token.chars().filter(ch -> ch == '.').count() == 2 ? jwt(token) : nativeToken(token);
        Long forced = expiredOverrides.get(token);
        long expires = forced != null ? Math.min(forced, c.expires()) : c.expires();
        if (expires <= now) {
            throw new ErrorInfo(40142, 401, "Token expired");
        }
        if (revoked(c, now)) {
            throw new ErrorInfo(40141, 401, "Token revoked");
        }
        return new Credential(
                c.key(), false, token, c.tokenClientId(), c.capability(), expires, c.issued(), c.revocationKey());
    }

    /** Whether a token credential has been revoked (RSA17) and the revocation applies at {@code now}. */
    public boolean revoked(Credential c, long now) {
        return revocations.find(c, c.issued(), now) != null;
    }

    /** Whether a revocation of this token credential has been accepted but applies only later (allowReauthMargin). */
    boolean revocationPending(Credential c, long now) {
        return revocations.pending(c, c.issued(), now);
    }

    /** Records a revocation of the tokens {@code keyName} issued before {@code issuedBefore} matching {@code target}. */
    void revoke(String keyName, String target, long issuedBefore, long appliesAt, long now) {
        revocations.add(keyName, target, new Revocations.Revocation(issuedBefore, appliesAt), now);
    }

    /** Makes a token expire now (fault injection); later uses are refused with 40142. */
    public void expire(String token, long now) {
        expiredOverrides.put(token, now);
    }

    private Credential nativeToken(String token) throws ErrorInfo {
        TokenEntry e = tokens.get(token);
        Key k = e == null ? null : keys.get(e.keyName());
        if (e == null || k == null) {
            throw new ErrorInfo(40143, 401, "Token not recognised");
        }
        return new Credential(k, false, token, e.clientId(), e.capability(), e.expires(), e.issued(), null);
    }

    private Credential jwt(String jwt) throws ErrorInfo {
        String[] parts = jwt.split("\\.", -1);
        Map<String, Object> header;
        Map<String, Object> claims;
        byte[] signature;
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            header = Wire.decodeJsonObject(new String(d.decode(parts[0]), StandardCharsets.UTF_8));
            claims = Wire.decodeJsonObject(new String(d.decode(parts[1]), StandardCharsets.UTF_8));
            signature = d.decode(parts[2]);
        } catch (IllegalArgumentException | Wire.MalformedException e) {
            throw new ErrorInfo(40144, 401, "Invalid JWT: malformed");
        }
        if (!"HS256".equals(header.get("alg"))) {
            throw new ErrorInfo(40144, 401, "Invalid JWT: only HS256 is supported");
        }
        Object kid = header.get("kid");
        Key k = kid instanceof String kidName ? keys.get(kidName) : null;
        if (k == null) {
            throw new ErrorInfo(40144, 401, "Invalid JWT: unknown kid");
        }
        byte[] expected = hmac(k.secret(), parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected, signature)) {
            throw new ErrorInfo(40144, 401, "Invalid JWT: bad signature");
        }
        Object exp = claims.get("exp");
        if (!(exp instanceof Number expNumber)) {
            throw new ErrorInfo(40144, 401, "Invalid JWT: exp claim missing");
        }
        long expires = Math.round(expNumber.doubleValue() * 1000);
        Capability cap = k.capability();
        Object capClaim = claims.get("x-ably-capability");
        if (capClaim instanceof String capJson) {
            cap = k.capability().intersect(Capability.parse(capJson));
        } else if (capClaim instanceof Map<?, ?> capObject) {
            // Ably documents the claim as JSON text; an object is read the same way rather than ignored (which
            // would grant the whole key capability)
            cap = k.capability().intersect(Capability.parse(Wire.encodeJson(capObject)));
        } else if (capClaim != null) {
            throw new ErrorInfo(40144, 401, "Invalid JWT: x-ably-capability must be a JSON string");
        }
        Object clientId = claims.get("x-ably-clientId");
        if (clientId != null && (!(clientId instanceof String cid) || cid.isEmpty())) {
            throw new ErrorInfo(40144, 401, "Invalid JWT: x-ably-clientId must be a non-empty string");
        }
        Object iat = claims.get("iat");
        long issued = iat instanceof Number iatNumber ? Math.round(iatNumber.doubleValue() * 1000) : 0;
        Object revocationKey = claims.get("x-ably-revocation-key");
        return new Credential(
                k,
                false,
                jwt,
                (String) clientId,
                cap,
                expires,
                issued,
                revocationKey instanceof String rk && !rk.isEmpty() ? rk : null);
    }

    /**
     * Handles {@code POST /keys/{keyName}/requestToken}: a signed TokenRequest, or (with basic auth
     * for the same key) an unsigned body of TokenParams. Returns TokenDetails.
     */
    public Map<String, Object> requestToken(
            String keyName, Map<String, Object> body, @Nullable Credential requester, long now) throws ErrorInfo {
        Key k = keys.get(keyName);
        if (k == null) {
            throw new ErrorInfo(40400, 404, "No such key: " + keyName);
        }
        Object bodyKey = body.get("keyName");
        if (bodyKey != null && !keyName.equals(bodyKey)) {
            throw new ErrorInfo(40101, 401, "keyName in request does not match the URL");
        }
        String ttlText = text(body.get("ttl"));
        Object capValue = body.get("capability");
        // a signed request carries the capability as the JSON text it signed; an unsigned TokenParams body may
        // carry it as an object
        String capText = capValue instanceof Map<?, ?> capObject ? Wire.encodeJson(capObject) : text(capValue);
        String clientId = text(body.get("clientId"));
        if (body.containsKey("clientId") && (clientId.isEmpty() || !(body.get("clientId") instanceof String))) {
            throw new ErrorInfo(40012, 400, "Invalid clientId: must be a non-empty string");
        }
        Object mac = body.get("mac");
        if (mac != null) {
            String timestamp = text(body.get("timestamp"));
            String nonce = text(body.get("nonce"));
            String signText = keyName + "\n" + ttlText + "\n" + capText + "\n" + clientId + "\n" + timestamp + "\n"
                    + nonce + "\n";
            String expected = Base64.getEncoder().encodeToString(hmac(k.secret(), signText));
            if (!constantTimeEquals(expected, String.valueOf(mac))) {
                throw new ErrorInfo(40101, 401, "Invalid mac in token request");
            }
            long ts = number(timestamp, "timestamp");
            if (Math.abs(ts - now) > TIMESTAMP_WINDOW) {
                throw new ErrorInfo(40104, 401, "Timestamp not current");
            }
            if (nonce.length() < 16) {
                throw new ErrorInfo(40000, 400, "Nonce must be at least 16 characters");
            }
            pruneNonces(now);
            if (nonces.putIfAbsent(keyName + "|" + nonce, now + 2 * TIMESTAMP_WINDOW) != null) {
                throw new ErrorInfo(40105, 401, "Nonce value replayed");
            }
        } else if (requester == null
                || !requester.basic()
                || !requester.key().name().equals(keyName)) {
            throw new ErrorInfo(40101, 401, "Token request is neither signed nor authenticated with its key");
        }
        long ttl = ttlText.isEmpty() ? DEFAULT_TTL : number(ttlText, "ttl");
        if (ttl <= 0 || ttl > MAX_TTL) {
            throw new ErrorInfo(40003, 400, "Invalid ttl: " + ttl);
        }
        Capability cap = capText.isEmpty() ? k.capability() : k.capability().intersect(Capability.parse(capText));
        if (cap.isEmpty()) {
            throw new ErrorInfo(40160, 401, "Requested capability is not permitted by the key");
        }
        String token = k.appId() + "." + randomId(24);
        TokenEntry e = new TokenEntry(keyName, now, now + ttl, cap, clientId.isEmpty() ? null : clientId);
        if (tokens.size() > 1000) {
            tokens.values().removeIf(t -> t.expires() < now);
        }
        tokens.put(token, e);
        Map<String, Object> td = new LinkedHashMap<>();
        td.put("token", token);
        td.put("keyName", keyName);
        td.put("issued", now);
        td.put("expires", now + ttl);
        td.put("capability", cap.toJson());
        if (e.clientId() != null) {
            td.put("clientId", e.clientId());
        }
        return td;
    }

    private void pruneNonces(long now) {
        for (Iterator<Long> it = nonces.values().iterator(); it.hasNext(); ) {
            if (it.next() < now) {
                it.remove();
            }
        }
    }

    private static String text(@Nullable Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    private static long number(String text, String field) throws ErrorInfo {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ErrorInfo(40003, 400, "Invalid " + field + ": " + text);
        }
    }

    /** HMAC-SHA256 of UTF-8 text with a UTF-8 secret. */
    public static byte[] hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Random identifier from {@code [A-Za-z0-9_-]}. */
    public static String randomId(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).substring(0, length);
    }

    /**
     * Resolves the connection/request clientId (RSA7, RSA12): wildcard tokens adopt the requested
     * clientId, a token-bound clientId must match the requested one, basic auth takes any.
     */
    public static @Nullable String resolveClientId(Credential c, @Nullable String requested) throws ErrorInfo {
        if (requested != null && (requested.isEmpty() || requested.equals("*"))) {
            throw new ErrorInfo(40012, 400, "Invalid clientId: " + requested);
        }
        if (c.basic()) {
            return requested;
        }
        String bound = c.tokenClientId();
        if (bound == null) {
            if (requested != null) {
                throw new ErrorInfo(40102, 401, "Token has no clientId; cannot assume clientId " + requested);
            }
            return null;
        }
        if (bound.equals("*")) {
            return requested != null ? requested : "*";
        }
        if (requested != null && !requested.equals(bound)) {
            throw new ErrorInfo(40102, 401, "Incompatible clientId " + requested + " for token bound to " + bound);
        }
        return bound;
    }

    /** Whether an identity may act as {@code clientId} (publish or presence on behalf). */
    public static boolean mayActAs(Credential c, @Nullable String connectionClientId, String clientId) {
        if (c.basic() && connectionClientId == null) {
            return true;
        }
        if ("*".equals(connectionClientId)) {
            return true;
        }
        return clientId.equals(connectionClientId);
    }
}
