package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Token revocations (RSA17) per issuing key: a token issued by that key before a revocation's {@code issuedBefore}
 * whose clientId or revocation key matches the target is refused with 40141 from the revocation's {@code appliesAt}
 * on. Confined to the engine thread.
 *
 * <p>Ably revokes only tokens of keys with "revocable tokens" enabled (else 40164); the emulator has no such key
 * setting and treats every key as revocable, so a test needs no special key configuration.
 */
final class Revocations {
    /** One accepted revocation target. */
    record Revocation(long issuedBefore, long appliesAt) {}

    /** keyName → target ({@code clientId:x}, {@code revocationKey:y}) → revocations, oldest first. */
    private final Map<String, Map<String, List<Revocation>>> byKey = new HashMap<>();

    void add(String keyName, String target, Revocation r, long now) {
        Map<String, List<Revocation>> targets = byKey.computeIfAbsent(keyName, k -> new HashMap<>());
        List<Revocation> list = targets.computeIfAbsent(target, t -> new ArrayList<>());
        // no token outlives MAX_TTL: a revocation of tokens issued before then matches nothing still valid
        list.removeIf(old -> old.issuedBefore() < now - Auth.MAX_TTL);
        list.add(r);
    }

    /**
     * The revocation that applies to a token credential at {@code now}, or null.
     *
     * @param issued when the token was issued (epoch millis)
     */
    @Nullable
    Revocation find(Auth.Credential c, long issued, long now) {
        if (c.basic()) {
            return null;
        }
        Map<String, List<Revocation>> targets = byKey.get(c.key().name());
        if (targets == null) {
            return null;
        }
        Revocation r = match(targets.get("clientId:" + c.tokenClientId()), c.tokenClientId(), issued, now);
        if (r == null) {
            r = match(targets.get("revocationKey:" + c.revocationKey()), c.revocationKey(), issued, now);
        }
        return r;
    }

    /** Whether some revocation for this credential is pending (accepted, not yet applied) at {@code now}. */
    boolean pending(Auth.Credential c, long issued, long now) {
        return find(c, issued, Long.MAX_VALUE) != null && find(c, issued, now) == null;
    }

    private static @Nullable Revocation match(
            @Nullable List<Revocation> list, @Nullable String value, long issued, long now) {
        if (list == null || value == null) {
            return null;
        }
        for (Revocation r : list) {
            if (issued < r.issuedBefore() && now >= r.appliesAt()) {
                return r;
            }
        }
        return null;
    }
}
