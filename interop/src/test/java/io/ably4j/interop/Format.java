package io.ably4j.interop;

/** The wire format an SDK is told to use. */
enum Format {
    JSON,
    MSGPACK;

    boolean binary() {
        return this == MSGPACK;
    }

    /** The {@code format} query parameter value the SDK sends. */
    String wireName() {
        return this == MSGPACK ? "msgpack" : "json";
    }
}
