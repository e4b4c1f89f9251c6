package io.ably4j;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Criteria a message must meet to reach a listener registered with {@link RealtimeChannel#subscribe(MessageFilter,
 * java.util.function.Consumer)}. Spec: RTL22, MFI1, MFI2. Every criterion set must hold (RTL22c); unset criteria match
 * anything, so a filter with none set matches every message. The filter runs in the client, on messages the channel
 * receives anyway; to have the server send fewer messages, use a derived channel ({@link Channels#getDerived}).
 * Immutable and thread-safe; build with {@link #builder()}.
 *
 * <p>The reference criteria read the message's {@code extras.ref} object: {@code extras.ref.timeserial} and {@code
 * extras.ref.type} (as set on replies and reactions).
 */
public final class MessageFilter {
    private final @Nullable Boolean isRef;
    private final @Nullable String refTimeserial;
    private final @Nullable String refType;
    private final @Nullable String name;
    private final @Nullable String clientId;

    private MessageFilter(Builder b) {
        this.isRef = b.isRef;
        this.refTimeserial = b.refTimeserial;
        this.refType = b.refType;
        this.name = b.name;
        this.clientId = b.clientId;
    }

    /** {@return a new builder with no criteria} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return whether a message must have {@code extras.ref} (true) or must not (false, RTL22b); null: either} Spec:
     * MFI2a.
     */
    public @Nullable Boolean isRef() {
        return isRef;
    }

    /** {@return the {@code extras.ref.timeserial} a message must have, or null for any} Spec: MFI2b. */
    public @Nullable String refTimeserial() {
        return refTimeserial;
    }

    /** {@return the {@code extras.ref.type} a message must have, or null for any} Spec: MFI2c. */
    public @Nullable String refType() {
        return refType;
    }

    /** {@return the name a message must have, or null for any} Spec: MFI2d. */
    public @Nullable String name() {
        return name;
    }

    /** {@return the clientId a message must have, or null for any} Spec: MFI2e. */
    public @Nullable String clientId() {
        return clientId;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof MessageFilter f
                && Objects.equals(isRef, f.isRef)
                && Objects.equals(refTimeserial, f.refTimeserial)
                && Objects.equals(refType, f.refType)
                && Objects.equals(name, f.name)
                && Objects.equals(clientId, f.clientId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(isRef, refTimeserial, refType, name, clientId);
    }

    @Override
    public String toString() {
        return "MessageFilter{isRef=" + isRef + ", refTimeserial=" + refTimeserial + ", refType=" + refType + ", name="
                + name + ", clientId=" + clientId + "}";
    }

    /** Builds a {@link MessageFilter}. Not thread-safe. */
    public static final class Builder {
        private @Nullable Boolean isRef;
        private @Nullable String refTimeserial;
        private @Nullable String refType;
        private @Nullable String name;
        private @Nullable String clientId;

        private Builder() {}

        /**
         * Sets {@link MessageFilter#isRef()}.
         *
         * @param isRef true: only messages with {@code extras.ref}; false: only messages without; null: either
         * @return this builder
         */
        public Builder isRef(@Nullable Boolean isRef) {
            this.isRef = isRef;
            return this;
        }

        /**
         * Sets {@link MessageFilter#refTimeserial()}.
         *
         * @param refTimeserial the required {@code extras.ref.timeserial}, or null for any
         * @return this builder
         */
        public Builder refTimeserial(@Nullable String refTimeserial) {
            this.refTimeserial = refTimeserial;
            return this;
        }

        /**
         * Sets {@link MessageFilter#refType()}.
         *
         * @param refType the required {@code extras.ref.type}, or null for any
         * @return this builder
         */
        public Builder refType(@Nullable String refType) {
            this.refType = refType;
            return this;
        }

        /**
         * Sets {@link MessageFilter#name()}.
         *
         * @param name the required message name, or null for any
         * @return this builder
         */
        public Builder name(@Nullable String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets {@link MessageFilter#clientId()}.
         *
         * @param clientId the required clientId, or null for any
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** {@return the filter set on this builder} */
        public MessageFilter build() {
            return new MessageFilter(this);
        }
    }
}
