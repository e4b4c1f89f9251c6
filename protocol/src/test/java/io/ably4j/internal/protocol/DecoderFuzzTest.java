package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.types.ProtocolMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fuzzes every decoder of {@link ProtocolCodec}, in both formats: the realtime frame and the REST bodies (message,
 * presence and annotation lists, token details, token requests, token params, errors, update results, any JSON).
 * Inputs are random bytes, mutants of valid bodies ({@link ProtocolCodecFuzzTest#mutate}), deep nesting and huge
 * announced lengths. The property is the codec's contract: a decoder returns a value or throws {@link
 * ProtocolDecodeException} (40000, which the client turns into a dropped frame or a failed request), never another
 * exception, a {@link StackOverflowError}, an {@link OutOfMemoryError}, or a hang (each input is timed). Decoded
 * values also survive re-encoding and decoding in both formats (JSON ↔ msgpack equivalence).
 *
 * <p>Seeded. {@code -Dfuzz.tries=N} sets the inputs per format and input kind (default 2,000 per decoder; the equivalence property takes a sixth as many messages, each large);
 * {@code -Dfuzz.seed=S} changes the seed.
 */
class DecoderFuzzTest {
    private static final int TRIES = Integer.getInteger("fuzz.tries", 2_000);
    private static final long SEED = Long.getLong("fuzz.seed", 0xDEC0DEL);
    /** The slowest a single decode may be: far above normal (microseconds), far below a hang. */
    private static final long MAX_NANOS_PER_INPUT = 2_000_000_000L;

    private static byte[] body(WireFormat format, String json) {
        return format == WireFormat.JSON ? json.getBytes(StandardCharsets.UTF_8) : MsgpackTestSupport.fromJson(json);
    }

    /** Every decoder of the codec, by name. */
    private static Map<String, Function<byte[], Object>> decoders(ProtocolCodec codec) {
        Map<String, Function<byte[], Object>> d = new LinkedHashMap<>();
        d.put("frame", codec::decode);
        d.put("messages", codec::decodeMessages);
        d.put("presence", codec::decodePresenceMessages);
        d.put("annotations", codec::decodeAnnotations);
        d.put("tokenDetails", codec::decodeTokenDetails);
        d.put("tokenRequest", codec::decodeTokenRequest);
        d.put("tokenParams", codec::decodeTokenParams);
        d.put("error", codec::decodeError);
        d.put("updateDeleteResult", codec::decodeUpdateDeleteResult);
        d.put("json", codec::decodeJson);
        return d;
    }

    /** Valid bodies for each decoder, to mutate. */
    private static Map<String, List<byte[]>> seeds(ProtocolCodec codec) {
        WireFormat f = codec.format();
        Map<String, List<byte[]>> seeds = new LinkedHashMap<>();
        List<byte[]> frames = new ArrayList<>();
        List<byte[]> messages = new ArrayList<>();
        List<byte[]> presence = new ArrayList<>();
        List<byte[]> errors = new ArrayList<>();
        frames.add(codec.encode(ProtocolCodecTest.fullMessage()));
        for (long seed = 1; frames.size() < 12; seed++) {
            RandomProtocolMessages r = new RandomProtocolMessages(seed, true);
            byte[] frame = codec.encode(r.protocolMessage());
            if (frame.length <= 600) {
                frames.add(frame);
                messages.add(codec.encodeMessages(List.of(r.message(), r.message())));
                presence.add(codec.encodePresenceMessages(List.of(r.presence())));
                errors.add(codec.encodeError(r.error(2)));
            }
        }
        seeds.put("frame", frames);
        seeds.put("messages", messages);
        seeds.put("presence", presence);
        seeds.put(
                "annotations",
                List.of(body(
                        f,
                        "[{\"id\":\"a\",\"action\":1,\"clientId\":\"c\",\"name\":\"like\",\"count\":3,\"data\":\"d\","
                                + "\"encoding\":\"utf-8\",\"timestamp\":1,\"serial\":\"s\",\"messageSerial\":\"m\","
                                + "\"type\":\"reaction:multiple.v1\",\"extras\":{\"headers\":{\"k\":\"v\"}}}]")));
        seeds.put(
                "tokenDetails",
                List.of(body(
                        f,
                        "{\"token\":\"t\",\"expires\":2,\"issued\":1,\"capability\":\"{\\\"*\\\":[\\\"*\\\"]}\","
                                + "\"clientId\":\"c\"}")));
        seeds.put(
                "tokenRequest",
                List.of(body(
                        f,
                        "{\"keyName\":\"k\",\"ttl\":1,\"capability\":\"{}\",\"clientId\":\"c\",\"timestamp\":1,"
                                + "\"nonce\":\"n\",\"mac\":\"m\"}")));
        seeds.put(
                "tokenParams",
                List.of(body(f, "{\"ttl\":1,\"capability\":\"{}\",\"clientId\":\"c\",\"timestamp\":1}")));
        seeds.put("error", errors);
        seeds.put("updateDeleteResult", List.of(body(f, "{\"versionSerial\":\"v\"}")));
        seeds.put("json", List.of(body(f, "{\"a\":[1,2.5,\"x\",true,null,{\"b\":{}}],\"c\":-7}")));
        return seeds;
    }

    /** Decodes {@code input}; fails the test for anything but a value or ProtocolDecodeException. */
    private static boolean decodes(String what, Function<byte[], Object> decoder, byte[] input) {
        long start = System.nanoTime();
        boolean decoded;
        try {
            Object value = decoder.apply(input);
            decoded = value != null;
        } catch (ProtocolDecodeException e) {
            assertThat(e.errorInfo().code()).isEqualTo(40000);
            decoded = false;
        } catch (Throwable t) {
            throw new AssertionError(what + " threw " + t + " for " + hex(input), t);
        }
        long nanos = System.nanoTime() - start;
        if (nanos > MAX_NANOS_PER_INPUT) {
            throw new AssertionError(what + " took " + nanos / 1_000_000 + " ms for " + hex(input));
        }
        return decoded;
    }

    private static String hex(byte[] b) {
        String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, 512));
        return b.length > 512 ? h + "... (" + b.length + " bytes)" : h;
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RTF1_randomBytes_everyDecoderReturnsOrThrowsProtocolDecodeException(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        Random random = new Random(SEED + (format == WireFormat.JSON ? 0 : 1));
        byte[] alphabet = format == WireFormat.JSON
                ? "{}[]\",:0123456789-+eE.\\ntrufalsn\"u".getBytes(StandardCharsets.US_ASCII)
                : new byte[] {
                    (byte) 0x80,
                    (byte) 0x81,
                    (byte) 0x90,
                    (byte) 0x91,
                    (byte) 0xa1,
                    0x01,
                    0x7f,
                    (byte) 0xc0,
                    (byte) 0xc2,
                    (byte) 0xc3,
                    (byte) 0xc4,
                    (byte) 0xca,
                    (byte) 0xcb,
                    (byte) 0xcc,
                    (byte) 0xd3,
                    (byte) 0xd9,
                    (byte) 0xdc,
                    (byte) 0xde,
                    (byte) 0xdd,
                    (byte) 0xdf,
                    (byte) 0xc7,
                    (byte) 0xd4,
                    (byte) 0xff,
                    (byte) 0xe0
                };
        int values = 0;
        for (Map.Entry<String, Function<byte[], Object>> d : decoders(codec).entrySet()) {
            for (int i = 0; i < TRIES; i++) {
                byte[] input = new byte[random.nextInt(random.nextInt(8) == 0 ? 400 : 24)];
                boolean structured = random.nextBoolean();
                for (int j = 0; j < input.length; j++) {
                    input[j] = structured ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
                }
                if (decodes(d.getKey(), d.getValue(), input)) {
                    values++;
                }
            }
        }
        System.out.printf(
                "%s random bytes: %d inputs per decoder x %d decoders, %d decoded%n",
                format, TRIES, decoders(codec).size(), values);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RTF1_mutatedBodies_everyDecoderReturnsOrThrowsProtocolDecodeException(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        Random random = new Random(SEED * 31 + (format == WireFormat.JSON ? 0 : 1));
        Map<String, List<byte[]>> seeds = seeds(codec);
        Map<String, Function<byte[], Object>> decoders = decoders(codec);
        int values = 0;
        for (Map.Entry<String, Function<byte[], Object>> d : decoders.entrySet()) {
            List<byte[]> valid = java.util.Objects.requireNonNull(seeds.get(d.getKey()));
            for (byte[] v : valid) {
                assertThat(decodes(d.getKey(), d.getValue(), v))
                        .as("seed body decodes")
                        .isTrue();
            }
            for (int i = 0; i < TRIES; i++) {
                byte[] seed = valid.get(random.nextInt(valid.size()));
                byte[] mutant = random.nextInt(8) == 0
                        ? splice(seed, seeds, random) // a piece of another kind of body
                        : ProtocolCodecFuzzTest.mutate(seed, random, format);
                if (decodes(d.getKey(), d.getValue(), mutant)) {
                    values++;
                }
                // any decoder on any mutant: wrong types for every field
                Map.Entry<String, Function<byte[], Object>> other =
                        new ArrayList<>(decoders.entrySet()).get(random.nextInt(decoders.size()));
                boolean unused = decodes(other.getKey(), other.getValue(), mutant);
            }
        }
        System.out.printf(
                "%s mutants: %d per decoder x %d decoders, %d decoded%n", format, TRIES, decoders.size(), values);
    }

    private static byte[] splice(byte[] seed, Map<String, List<byte[]>> seeds, Random random) {
        List<List<byte[]>> all = new ArrayList<>(seeds.values());
        List<byte[]> kind = all.get(random.nextInt(all.size()));
        byte[] other = kind.get(random.nextInt(kind.size()));
        int cut = random.nextInt(seed.length + 1);
        int from = random.nextInt(other.length + 1);
        byte[] out = Arrays.copyOf(seed, cut + other.length - from);
        System.arraycopy(other, from, out, cut, other.length - from);
        return out;
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RTF1_deepNestingAndHugeLengths_failCleanly(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        List<byte[]> inputs = new ArrayList<>();
        for (int depth : new int[] {200, 5_000, 200_000}) {
            if (format == WireFormat.JSON) {
                String open = "[".repeat(depth);
                inputs.add(open.getBytes(StandardCharsets.US_ASCII));
                inputs.add((open + "]".repeat(depth)).getBytes(StandardCharsets.US_ASCII));
                inputs.add(("{\"action\":15,\"messages\":[{\"extras\":" + "{\"a\":".repeat(depth) + "1"
                                + "}".repeat(depth) + "}]}")
                        .getBytes(StandardCharsets.US_ASCII));
                inputs.add(("{\"action\":9,\"error\":" + "{\"cause\":".repeat(depth) + "{}" + "}".repeat(depth) + "}")
                        .getBytes(StandardCharsets.US_ASCII));
            } else {
                byte[] arrays = new byte[depth];
                Arrays.fill(arrays, (byte) 0x91); // fixarray of one element, nested
                inputs.add(arrays);
                byte[] maps = new byte[depth * 3];
                for (int i = 0; i < depth; i++) {
                    maps[3 * i] = (byte) 0x81; // fixmap of one entry
                    maps[3 * i + 1] = (byte) 0xa1; // key: a one-byte string
                    maps[3 * i + 2] = 'a';
                }
                inputs.add(maps);
            }
        }
        if (format == WireFormat.MSGPACK) {
            for (byte header : new byte[] {(byte) 0xdb, (byte) 0xc6, (byte) 0xdd, (byte) 0xdf, (byte) 0xc9}) {
                inputs.add(new byte[] {header, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
                inputs.add(new byte[] {(byte) 0x81, (byte) 0xa1, 'x', header, 0x7f, (byte) 0xff, (byte) 0xff, -1});
            }
            // an array announcing 2^32-1 elements of which only a few arrive, in every field position
            inputs.add(new byte[] {
                (byte) 0x81,
                (byte) 0xa8,
                'm',
                'e',
                's',
                's',
                'a',
                'g',
                'e',
                's',
                (byte) 0xdd,
                -1,
                -1,
                -1,
                -1,
                (byte) 0x80
            });
        } else {
            inputs.add(("{\"a\":\"" + "\\u0041".repeat(100_000) + "\"}").getBytes(StandardCharsets.US_ASCII));
            inputs.add(("[" + "1e99999999999,".repeat(1000) + "1]").getBytes(StandardCharsets.US_ASCII));
        }
        for (byte[] input : inputs) {
            for (Map.Entry<String, Function<byte[], Object>> d : decoders(codec).entrySet()) {
                decodes(d.getKey(), d.getValue(), input);
            }
        }
    }

    /**
     * JSON ↔ msgpack equivalence: a random message decoded from msgpack, re-encoded as JSON and decoded, equals the
     * same message sent as JSON directly; and the decoded value re-encodes to the same bytes (TR4).
     */
    @Test
    void TR4_jsonAndMsgpackDecodeToEquivalentMessages() {
        ProtocolCodec json = ProtocolCodec.create(WireFormat.JSON);
        ProtocolCodec msgpack = ProtocolCodec.create(WireFormat.MSGPACK);
        Random seeds = new Random(SEED);
        for (int i = 0; i < TRIES / 6; i++) { // a sixth: each message is large (every field, nested trees)
            long seed = seeds.nextLong();
            ProtocolMessage m = new RandomProtocolMessages(seed, i % 2 == 0).protocolMessage();
            ProtocolMessage viaJson = json.decode(json.encode(m));
            ProtocolMessage viaMsgpack = msgpack.decode(msgpack.encode(m));
            ProtocolMessage msgpackThenJson = json.decode(json.encode(viaMsgpack));
            assertThat(msgpackThenJson).as("seed %d", seed).isEqualTo(viaJson);
            ProtocolMessage jsonThenMsgpack = msgpack.decode(msgpack.encode(viaJson));
            assertThat(json.encode(jsonThenMsgpack)).as("seed %d", seed).isEqualTo(json.encode(viaJson));
        }
    }
}
