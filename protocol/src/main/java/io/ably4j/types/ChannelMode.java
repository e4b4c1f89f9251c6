package io.ably4j.types;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A channel mode (TB2d, RTL4m): a capability a client requests in {@code ATTACH} and the server grants in
 * {@code ATTACHED}. Each mode is one bit of {@link ProtocolMessage#flags()} (TR3q–TR3z).
 */
public enum ChannelMode {
    /** Enter presence (TR3q, bit 16). */
    PRESENCE(ProtocolMessage.Flag.PRESENCE),
    /** Publish messages (TR3r, bit 17). */
    PUBLISH(ProtocolMessage.Flag.PUBLISH),
    /** Receive messages (TR3s/TR3u, bit 18). */
    SUBSCRIBE(ProtocolMessage.Flag.SUBSCRIBE),
    /** Receive presence events (TR3t, bit 19). */
    PRESENCE_SUBSCRIBE(ProtocolMessage.Flag.PRESENCE_SUBSCRIBE),
    /** Publish annotations (TR3w, bit 21). */
    ANNOTATION_PUBLISH(ProtocolMessage.Flag.ANNOTATION_PUBLISH),
    /** Receive annotations (TR3x, bit 22). */
    ANNOTATION_SUBSCRIBE(ProtocolMessage.Flag.ANNOTATION_SUBSCRIBE),
    /** Receive object updates (TR3y, bit 24). */
    OBJECT_SUBSCRIBE(ProtocolMessage.Flag.OBJECT_SUBSCRIBE),
    /** Publish object operations (TR3z, bit 25). */
    OBJECT_PUBLISH(ProtocolMessage.Flag.OBJECT_PUBLISH);

    private static final ChannelMode[] VALUES = values();

    private final ProtocolMessage.Flag flag;

    ChannelMode(ProtocolMessage.Flag flag) {
        this.flag = flag;
    }

    /** The protocol message flag that carries this mode. */
    public ProtocolMessage.Flag flag() {
        return flag;
    }

    /** The bit mask of this mode within the {@code flags} field. */
    public long mask() {
        return flag.mask();
    }

    /** The flags value with exactly the bits of {@code modes} set. */
    public static long toFlags(Set<ChannelMode> modes) {
        long flags = 0;
        for (ChannelMode mode : modes) {
            flags |= mode.mask();
        }
        return flags;
    }

    /** The modes whose bits are set in {@code flags} (other bits are ignored); an unmodifiable set. */
    public static Set<ChannelMode> fromFlags(long flags) {
        EnumSet<ChannelMode> modes = EnumSet.noneOf(ChannelMode.class);
        for (ChannelMode mode : VALUES) {
            if ((flags & mode.mask()) != 0) {
                modes.add(mode);
            }
        }
        return Collections.unmodifiableSet(modes);
    }

    /** The flags mask of all mode bits. */
    public static long allModesMask() {
        long mask = 0;
        for (ChannelMode mode : VALUES) {
            mask |= mode.mask();
        }
        return mask;
    }
}
