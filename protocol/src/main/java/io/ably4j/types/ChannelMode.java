package io.ably4j.types;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A channel mode: a capability a client requests in {@code ATTACH} and the server grants in {@code ATTACHED}. Spec:
 * TB2d, RTL4m. Each mode is one bit of {@link ProtocolMessage#flags()} (TR3q–TR3z).
 */
public enum ChannelMode {
    /** Enter presence (bit 16). Spec: TR3q. */
    PRESENCE(ProtocolMessage.Flag.PRESENCE),
    /** Publish messages (bit 17). Spec: TR3r. */
    PUBLISH(ProtocolMessage.Flag.PUBLISH),
    /** Receive messages (bit 18). Spec: TR3s/TR3u. */
    SUBSCRIBE(ProtocolMessage.Flag.SUBSCRIBE),
    /** Receive presence events (bit 19). Spec: TR3t. */
    PRESENCE_SUBSCRIBE(ProtocolMessage.Flag.PRESENCE_SUBSCRIBE),
    /** Publish annotations (bit 21). Spec: TR3w. */
    ANNOTATION_PUBLISH(ProtocolMessage.Flag.ANNOTATION_PUBLISH),
    /** Receive annotations (bit 22). Spec: TR3x. */
    ANNOTATION_SUBSCRIBE(ProtocolMessage.Flag.ANNOTATION_SUBSCRIBE),
    /** Receive object updates (bit 24). Spec: TR3y. */
    OBJECT_SUBSCRIBE(ProtocolMessage.Flag.OBJECT_SUBSCRIBE),
    /** Publish object operations (bit 25). Spec: TR3z. */
    OBJECT_PUBLISH(ProtocolMessage.Flag.OBJECT_PUBLISH);

    private static final ChannelMode[] VALUES = values();

    private final ProtocolMessage.Flag flag;

    ChannelMode(ProtocolMessage.Flag flag) {
        this.flag = flag;
    }

    /** {@return the protocol message flag that carries this mode} */
    public ProtocolMessage.Flag flag() {
        return flag;
    }

    /** {@return the bit mask of this mode within the {@code flags} field} */
    public long mask() {
        return flag.mask();
    }

    /**
     * The flags value with exactly the bits of {@code modes} set.
     *
     * @param modes the modes to encode
     * @return the flag bits
     */
    public static long toFlags(Set<ChannelMode> modes) {
        long flags = 0;
        for (ChannelMode mode : modes) {
            flags |= mode.mask();
        }
        return flags;
    }

    /**
     * The modes whose bits are set in {@code flags} (other bits are ignored); an unmodifiable set.
     *
     * @param flags protocol message flag bits
     * @return the modes set in them
     */
    public static Set<ChannelMode> fromFlags(long flags) {
        EnumSet<ChannelMode> modes = EnumSet.noneOf(ChannelMode.class);
        for (ChannelMode mode : VALUES) {
            if ((flags & mode.mask()) != 0) {
                modes.add(mode);
            }
        }
        return Collections.unmodifiableSet(modes);
    }

    /** {@return the flags mask of all mode bits} */
    public static long allModesMask() {
        long mask = 0;
        for (ChannelMode mode : VALUES) {
            mask |= mode.mask();
        }
        return mask;
    }
}
