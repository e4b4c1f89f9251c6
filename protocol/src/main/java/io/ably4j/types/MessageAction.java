package io.ably4j.types;

/** The action of a {@link Message}, numbered from zero on the wire. Spec: TM5. */
public enum MessageAction {
    MESSAGE_CREATE(0),
    MESSAGE_UPDATE(1),
    MESSAGE_DELETE(2),
    META(3),
    MESSAGE_SUMMARY(4),
    MESSAGE_APPEND(5),
    /** An action code this library does not know; the raw code is kept by the message. Spec: RSF1. */
    UNKNOWN(-1);

    private static final MessageAction[] BY_CODE = {
        MESSAGE_CREATE, MESSAGE_UPDATE, MESSAGE_DELETE, META, MESSAGE_SUMMARY, MESSAGE_APPEND
    };

    private final int code;

    MessageAction(int code) {
        this.code = code;
    }

    /** {@return the wire code; -1 for {@link #UNKNOWN}} */
    public int code() {
        return code;
    }

    /** The action for a wire code, or {@link #UNKNOWN}. */
    public static MessageAction of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}
