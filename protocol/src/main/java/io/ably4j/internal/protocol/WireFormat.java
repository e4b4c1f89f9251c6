package io.ably4j.internal.protocol;

/** The two wire formats of the Ably protocol (RSC8, RTN2a). */
public enum WireFormat {
    /** JSON text frames; binary payloads are base64-encoded. */
    JSON("json", "application/json"),
    /** MessagePack binary frames (the default); binary payloads travel as msgpack {@code bin}. */
    MSGPACK("msgpack", "application/x-msgpack");

    private final String queryValue;
    private final String mimeType;

    WireFormat(String queryValue, String mimeType) {
        this.queryValue = queryValue;
        this.mimeType = mimeType;
    }

    /** The value of the realtime {@code format} query parameter. */
    public String queryValue() {
        return queryValue;
    }

    /** The MIME type used for REST bodies in this format. */
    public String mimeType() {
        return mimeType;
    }
}
