package io.ably4j.types;

/** The action of a {@link PresenceMessage}, numbered from zero on the wire. Spec: TP2. */
public enum PresenceAction {
    /** The member is not present; used internally during a presence sync. */
    ABSENT(0),
    /** The member was already present when this client attached (sent during a presence sync). */
    PRESENT(1),
    /** The member entered the channel. */
    ENTER(2),
    /** The member left the channel, explicitly or because its connection was lost. */
    LEAVE(3),
    /** The member, already present, updated its data. */
    UPDATE(4),
    /** An action code this library does not know; the raw code is kept by the message. Spec: RSF1. */
    UNKNOWN(-1);

    private static final PresenceAction[] BY_CODE = {ABSENT, PRESENT, ENTER, LEAVE, UPDATE};

    private final int code;

    PresenceAction(int code) {
        this.code = code;
    }

    /** {@return the wire code; -1 for {@link #UNKNOWN}} */
    public int code() {
        return code;
    }

    /**
     * The action for a wire code, or {@link #UNKNOWN}.
     *
     * @param code the wire code
     * @return the action, or {@link #UNKNOWN} when the code is not known
     */
    public static PresenceAction of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
