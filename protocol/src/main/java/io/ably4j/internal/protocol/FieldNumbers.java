package io.ably4j.internal.protocol;

/**
 * The fields of the two types a subscriber decodes for every message, {@code ProtocolMessage} and {@code Message},
 * as {@link FieldNames} tables and the numbers {@link ProtocolReader} switches on: each constant is the position of
 * its name in its table ({@code FieldNumbersTest} checks them all). The other types are read by name.
 */
final class FieldNumbers {
    private FieldNumbers() {}

    static final FieldNames PROTOCOL_MESSAGE_FIELDS = new FieldNames(
            "action",
            "id",
            "channel",
            "channelSerial",
            "connectionId",
            "connectionKey",
            "connectionDetails",
            "count",
            "error",
            "flags",
            "msgSerial",
            "messages",
            "presence",
            "timestamp",
            "params",
            "auth",
            "res",
            "annotations");
    static final int PM_ACTION = 0;
    static final int PM_ID = 1;
    static final int PM_CHANNEL = 2;
    static final int PM_CHANNEL_SERIAL = 3;
    static final int PM_CONNECTION_ID = 4;
    static final int PM_CONNECTION_KEY = 5;
    static final int PM_CONNECTION_DETAILS = 6;
    static final int PM_COUNT = 7;
    static final int PM_ERROR = 8;
    static final int PM_FLAGS = 9;
    static final int PM_MSG_SERIAL = 10;
    static final int PM_MESSAGES = 11;
    static final int PM_PRESENCE = 12;
    static final int PM_TIMESTAMP = 13;
    static final int PM_PARAMS = 14;
    static final int PM_AUTH = 15;
    static final int PM_RES = 16;
    static final int PM_ANNOTATIONS = 17;

    static final FieldNames MESSAGE_FIELDS = new FieldNames(
            "id",
            "clientId",
            "connectionId",
            "connectionKey",
            "name",
            "data",
            "encoding",
            "extras",
            "timestamp",
            "action",
            "serial",
            "version",
            "annotations");
    static final int M_ID = 0;
    static final int M_CLIENT_ID = 1;
    static final int M_CONNECTION_ID = 2;
    static final int M_CONNECTION_KEY = 3;
    static final int M_NAME = 4;
    static final int M_DATA = 5;
    static final int M_ENCODING = 6;
    static final int M_EXTRAS = 7;
    static final int M_TIMESTAMP = 8;
    static final int M_ACTION = 9;
    static final int M_SERIAL = 10;
    static final int M_VERSION = 11;
    static final int M_ANNOTATIONS = 12;
}
