package io.ably4j.emulator.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Reads msgpack map keys, returning one shared {@code String} for the field names of the protocol (no new string,
 * and its hash already computed, for the map it goes into); other keys are decoded as usual.
 */
final class MsgpackKeys {
    private static final String[] KNOWN = {
        "action",
        "id",
        "channel",
        "channelSerial",
        "msgSerial",
        "count",
        "messages",
        "presence",
        "annotations",
        "name",
        "data",
        "encoding",
        "clientId",
        "connectionId",
        "connectionKey",
        "timestamp",
        "extras",
        "flags",
        "params",
        "serial",
        "error",
        "code",
        "statusCode",
        "message",
        "auth",
        "accessToken",
        "type",
        "version",
        "headers",
        "ref",
        "delta",
        "format",
        "from",
        "res",
        "serials",
        "connectionDetails",
        "memberKey"
    };
    /** The longest known key in bytes; longer keys are never looked up. */
    private static final int MAX = 32;
    /** Known keys by their length in bytes. */
    private static final byte[][][] BY_LENGTH = new byte[MAX + 1][][];

    private static final String[][] NAMES_BY_LENGTH = new String[MAX + 1][];

    static {
        for (int len = 0; len <= MAX; len++) {
            int n = 0;
            for (String k : KNOWN) {
                if (k.length() == len) {
                    n++;
                }
            }
            BY_LENGTH[len] = new byte[n][];
            NAMES_BY_LENGTH[len] = new String[n];
            int i = 0;
            for (String k : KNOWN) {
                if (k.length() == len) {
                    BY_LENGTH[len][i] = k.getBytes(StandardCharsets.US_ASCII);
                    NAMES_BY_LENGTH[len][i] = k;
                    i++;
                }
            }
        }
    }

    private MsgpackKeys() {}

    /** Reads a map key, which must be a string; {@code scratch} holds at least {@link #MAX} bytes. */
    static String read(MessageUnpacker u, byte[] scratch) throws IOException {
        MessageFormat f = u.getNextFormat();
        if (f.getValueType() != ValueType.STRING) {
            throw new IOException("map key is not a string");
        }
        int len = u.unpackRawStringHeader();
        if (len > MAX || len > scratch.length) {
            return new String(u.readPayload(len), StandardCharsets.UTF_8);
        }
        u.readPayload(scratch, 0, len);
        String known = lookup(scratch, len);
        return known != null ? known : new String(scratch, 0, len, StandardCharsets.UTF_8);
    }

    private static @Nullable String lookup(byte[] bytes, int len) {
        byte[][] candidates = BY_LENGTH[len];
        for (int i = 0; i < candidates.length; i++) {
            if (java.util.Arrays.equals(candidates[i], 0, len, bytes, 0, len)) {
                return NAMES_BY_LENGTH[len][i];
            }
        }
        return null;
    }

    /** A buffer for {@link #read}. */
    static byte[] scratch() {
        return new byte[MAX];
    }
}
