package io.ably4j;

import io.ably4j.types.ErrorInfo;

/**
 * The outcome of a token revocation for one target: {@link Success} (TRS) or {@link Failure} (TRF). Spec: RSA17c.
 *
 * <pre>{@code
 * if (result instanceof TokenRevocationResult.Success s) {
 *     log("revoked " + s.target() + " from " + s.appliesAt());
 * } else if (result instanceof TokenRevocationResult.Failure f) {
 *     log("failed " + f.target() + ": " + f.error());
 * }
 * }</pre>
 */
public sealed interface TokenRevocationResult {
    /** {@return the target, {@code type:value}} Spec: TRS2a, TRF2a. */
    String target();

    /**
     * The revocation of a target was accepted. Spec: TRS1.
     *
     * @param target the target, {@code type:value} (TRS2a)
     * @param appliesAt when the revocation takes effect, in milliseconds since the epoch (TRS2b)
     * @param issuedBefore tokens issued before this time, in milliseconds since the epoch, are revoked (TRS2c)
     */
    record Success(String target, long appliesAt, long issuedBefore) implements TokenRevocationResult {}

    /**
     * The revocation of a target failed. Spec: TRF1.
     *
     * @param target the target, {@code type:value} (TRF2a)
     * @param error why (TRF2b)
     */
    record Failure(String target, ErrorInfo error) implements TokenRevocationResult {}
}
