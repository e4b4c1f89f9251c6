package io.ably4j;

import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.CipherParams;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Options of a {@link RealtimeChannel}: attach {@link #params() params} and {@link #modes() modes}, a {@link #cipher()
 * cipher} for encrypted payloads, and whether {@code subscribe} attaches implicitly. Spec: TB1-TB4. Immutable and
 * thread-safe; build with {@link #builder()}.
 */
public final class ChannelOptions {
    private static final ChannelOptions DEFAULTS = builder().build();

    private final Map<String, String> params;
    private final Set<ChannelMode> modes;
    private final @Nullable CipherParams cipher;
    private final boolean attachOnSubscribe;

    private ChannelOptions(Builder b) {
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.modes = Collections.unmodifiableSet(
                b.modes.isEmpty() ? EnumSet.noneOf(ChannelMode.class) : EnumSet.copyOf(b.modes));
        this.cipher = b.cipher;
        this.attachOnSubscribe = b.attachOnSubscribe;
    }

    /** {@return the default options: no params, no modes, no cipher, attach on subscribe} */
    public static ChannelOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options with a cipher for the given base64 key: AES-CBC with the key's length (128 or 256 bits). Spec: TB3.
     *
     * @param base64Key the AES key in base64, 16 or 32 bytes once decoded
     * @return options that encrypt and decrypt messages with that key
     * @throws AblyException if the key is not valid base64 or not 16 or 32 bytes long
     */
    public static ChannelOptions withCipherKey(String base64Key) {
        if (base64Key == null) {
            throw Builder.invalid("key must not be null");
        }
        return builder().cipher(CipherParams.builder().key(base64Key).build()).build();
    }

    /** {@return a builder initialised with the fields of this {@code ChannelOptions}} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.params.putAll(params);
        b.modes.addAll(modes);
        b.cipher = cipher;
        b.attachOnSubscribe = attachOnSubscribe;
        return b;
    }

    /** {@return channel parameters sent in ATTACH; empty if none} Spec: TB2c, RTL4k. Unmodifiable. */
    public Map<String, String> params() {
        return params;
    }

    /**
     * {@return the channel modes requested in ATTACH; empty means the server's default} Spec: TB2d, RTL4l.
     * Unmodifiable.
     */
    public Set<ChannelMode> modes() {
        return modes;
    }

    /**
     * {@return the cipher used to encrypt published payloads and decrypt received ones; null for none} Spec: TB2b,
     * RSL5.
     */
    public @Nullable CipherParams cipher() {
        return cipher;
    }

    /** {@return whether {@code subscribe} attaches the channel implicitly; default true} Spec: TB4, RTL7g. */
    public boolean attachOnSubscribe() {
        return attachOnSubscribe;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ChannelOptions c
                && params.equals(c.params)
                && modes.equals(c.modes)
                && Objects.equals(cipher, c.cipher)
                && attachOnSubscribe == c.attachOnSubscribe;
    }

    @Override
    public int hashCode() {
        return Objects.hash(params, modes, cipher, attachOnSubscribe);
    }

    @Override
    public String toString() {
        return "ChannelOptions{params=" + params + ", modes=" + modes + ", cipher=" + (cipher == null ? "none" : cipher)
                + ", attachOnSubscribe=" + attachOnSubscribe + "}";
    }

    /** A builder of {@link ChannelOptions}; not thread-safe. */
    public static final class Builder {
        private final Map<String, String> params = new LinkedHashMap<>();
        private final Set<ChannelMode> modes = EnumSet.noneOf(ChannelMode.class);
        private @Nullable CipherParams cipher;
        private boolean attachOnSubscribe = true;

        private Builder() {}

        /**
         * Replaces the params.
         *
         *
         * @param params the channel params sent on attach (copied)
         * @return this builder
         * @throws AblyException 40000 if null or with null keys or values
         */
        public Builder params(Map<String, String> params) {
            if (params == null) {
                throw invalid("params must not be null");
            }
            params.forEach((name, value) -> checkParam(name, value)); // all checked first: a failure changes nothing
            this.params.clear();
            this.params.putAll(params);
            return this;
        }

        /**
         * Adds one param.
         *
         *
         * @param name the param name
         * @param value the param value
         * @return this builder
         * @throws AblyException 40000 if the name or value is null or the name is empty
         */
        public Builder param(String name, String value) {
            checkParam(name, value);
            params.put(name, value);
            return this;
        }

        private static void checkParam(@Nullable String name, @Nullable String value) {
            if (name == null || name.isEmpty() || value == null) {
                throw invalid("param names and values must be non-null and names non-empty");
            }
        }

        /**
         * Replaces the modes. @throws AblyException 40000 if null or containing null
         *
         * @param modes the channel modes to request
         * @return this builder
         */
        public Builder modes(Collection<ChannelMode> modes) {
            if (modes == null || modes.stream().anyMatch(java.util.Objects::isNull)) {
                throw invalid("modes must not be null or contain null");
            }
            this.modes.clear();
            this.modes.addAll(modes);
            return this;
        }

        /**
         * Replaces the modes. @throws AblyException 40000 if containing null
         *
         * @param modes the channel modes to request
         * @return this builder
         */
        public Builder modes(ChannelMode... modes) {
            if (modes == null) {
                throw invalid("modes must not be null");
            }
            return modes(java.util.Arrays.asList(modes));
        }

        /**
         * Sets {@link ChannelOptions#cipher()}.
         *
         * @param cipher the cipher used to encrypt published payloads and decrypt received ones; null for none
         * @return this builder
         */
        public Builder cipher(@Nullable CipherParams cipher) {
            this.cipher = cipher;
            return this;
        }

        /**
         * Sets {@link ChannelOptions#attachOnSubscribe()}.
         *
         *
         * @param attachOnSubscribe whether subscribing to messages or presence attaches the channel; default true
         * @return this builder
         */
        public Builder attachOnSubscribe(boolean attachOnSubscribe) {
            this.attachOnSubscribe = attachOnSubscribe;
            return this;
        }

        /** {@return the options set on this builder} */
        public ChannelOptions build() {
            return new ChannelOptions(this);
        }

        private static AblyException invalid(String message) {
            return Errors.badArgument(message);
        }
    }
}
