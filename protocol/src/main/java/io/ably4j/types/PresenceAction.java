package io.ably4j.types;

/** The action of a {@link PresenceMessage}, numbered from zero on the wire. Spec: TP2. */
public enum PresenceAction {
    ABSENT(0),
    PRESENT(1),
    ENTER(2),
    LEAVE(3),
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

    /** The action for a wire code, or {@link #UNKNOWN}. */
    public static PresenceAction of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
