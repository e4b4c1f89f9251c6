package io.ably4j;

import io.ably4j.internal.util.Errors;

/**
 * Which tokens a revocation applies to: those of a client id, of a revocation key, or of a channel. Spec: TRT1. Sent to
 * Ably as {@code type:value} (RSA17b).
 *
 * @param type the kind of target (TRT2a), such as {@code clientId}, {@code revocationKey} or {@code channel}
 * @param value the client id, revocation key or channel name (TRT2b)
 */
public record TokenRevocationTarget(String type, String value) {
    /**
     * @param type the kind of target, such as {@code clientId}, {@code revocationKey} or {@code channel}
     * @param value the client id, revocation key or channel name
     * @throws io.ably4j.types.AblyException 40000 if {@code type} or {@code value} is null or empty, or {@code type}
     * contains {@code :}
     */
    public TokenRevocationTarget {
        if (type == null || type.isEmpty() || type.indexOf(':') >= 0) {
            throw Errors.badArgument("A token revocation target needs a type without ':', got " + type);
        }
        if (value == null || value.isEmpty()) {
            throw Errors.badArgument("A token revocation target needs a value");
        }
    }

    /**
     * The tokens of client id {@code clientId}.
     *
     * @param clientId the client id
     * @return the target
     */
    public static TokenRevocationTarget clientId(String clientId) {
        return new TokenRevocationTarget("clientId", clientId);
    }

    /**
     * The tokens issued with revocation key {@code revocationKey}.
     *
     * @param revocationKey the revocation key given when the tokens were issued
     * @return the target
     */
    public static TokenRevocationTarget revocationKey(String revocationKey) {
        return new TokenRevocationTarget("revocationKey", revocationKey);
    }

    /**
     * The tokens' access to channel {@code channel}.
     *
     * @param channel the channel name
     * @return the target
     */
    public static TokenRevocationTarget channel(String channel) {
        return new TokenRevocationTarget("channel", channel);
    }

    /** {@return {@code type:value}, as sent to Ably} Spec: RSA17b. */
    public String specifier() {
        return type + ":" + value;
    }
}
