package io.ably4j.testing;

import io.ably4j.VcdiffDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The mock VCDIFF codec of the UTS helper {@code realtime/unit/helpers/mock_vcdiff.md} (binary form): a delta is the
 * UTF-8 text {@code base64url(base) + "/" + base64url(value)}, and decoding checks that the base it is given is the
 * one the delta was made against.
 */
public final class MockVcdiff implements VcdiffDecoder {
    /** The arguments of one {@link #decode} call. */
    public static final class Call {
        private final byte[] delta;
        private final byte[] base;

        Call(byte[] delta, byte[] base) {
            this.delta = delta;
            this.base = base;
        }

        /** {@return the delta argument} */
        public byte[] delta() {
            return delta.clone();
        }

        /** {@return the base argument} */
        public byte[] base() {
            return base.clone();
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private int failFirst;

    /** A decoder whose first {@code n} calls throw (RTL18 tests); {@link Integer#MAX_VALUE} for always. */
    public MockVcdiff failingFirst(int n) {
        this.failFirst = n;
        return this;
    }

    /** {@return the calls made so far} */
    public List<Call> calls() {
        return calls;
    }

    /** The mock delta that turns {@code base} into {@code value}. */
    public static byte[] encode(byte[] base, byte[] value) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return (b64.encodeToString(base) + "/" + b64.encodeToString(value)).getBytes(StandardCharsets.UTF_8);
    }

    /** The mock delta between two strings' UTF-8 bytes. */
    public static byte[] encode(String base, String value) {
        return encode(base.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] decode(byte[] delta, byte[] base) {
        calls.add(new Call(delta.clone(), base.clone()));
        if (calls.size() <= failFirst) {
            throw new IllegalStateException("Simulated vcdiff decode failure");
        }
        String[] parts = new String(delta, StandardCharsets.UTF_8).split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("Invalid delta format");
        }
        Base64.Decoder b64 = Base64.getUrlDecoder();
        if (!Arrays.equals(b64.decode(parts[0]), base)) {
            throw new IllegalArgumentException("Base mismatch: expected base does not match delta");
        }
        return b64.decode(parts[1]);
    }
}
