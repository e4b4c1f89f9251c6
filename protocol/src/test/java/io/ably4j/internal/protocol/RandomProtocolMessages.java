package io.ably4j.internal.protocol;

import io.ably4j.types.AuthDetails;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAnnotations;
import io.ably4j.types.MessageVersion;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.PublishResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/** Deterministic generator of random protocol messages covering every field, for property and fuzz tests. */
final class RandomProtocolMessages {
    private static final long[] EDGE_LONGS = {
        0,
        1,
        -1,
        127,
        128,
        -32,
        -33,
        255,
        256,
        65535,
        65536,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        0xffffffffL,
        1L << 32,
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        1767225600000L
    };

    private static final String SPECIALS = "\"\\/\n\t\u0000\u001f{}[]:,";

    private final Random random;

    private final boolean small;

    RandomProtocolMessages(long seed) {
        this(seed, false);
    }

    /** A generator; {@code small} keeps strings and byte arrays short (for fast fuzzing). */
    RandomProtocolMessages(long seed, boolean small) {
        this.random = new Random(seed);
        this.small = small;
    }

    private boolean maybe() {
        return random.nextInt(3) > 0;
    }

    long anyLong() {
        return random.nextBoolean() ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : random.nextLong();
    }

    int anyInt() {
        return random.nextBoolean() ? (int) EDGE_LONGS[random.nextInt(13)] : random.nextInt();
    }

    /** A valid string mixing ASCII, escapes, BMP and supplementary code points (no lone surrogates). */
    String string() {
        int len = random.nextInt(4) == 0 && !small ? random.nextInt(300) : random.nextInt(small ? 6 : 12);
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            switch (random.nextInt(6)) {
                case 0 -> sb.append((char) ('a' + random.nextInt(26)));
                case 1 -> sb.append(SPECIALS.charAt(random.nextInt(SPECIALS.length())));
                case 2 -> sb.appendCodePoint(0x80 + random.nextInt(0x780)); // 2-byte UTF-8
                case 3 -> sb.appendCodePoint(0xe000 + random.nextInt(0x2000)); // 3-byte, past surrogates
                case 4 -> sb.appendCodePoint(0x10000 + random.nextInt(0x100000 - 0x10000)); // 4-byte
                default -> sb.append((char) (' ' + random.nextInt(95)));
            }
        }
        return sb.toString();
    }

    @Nullable
    String optString() {
        return maybe() ? string() : null;
    }

    @Nullable
    Long optLong() {
        return maybe() ? anyLong() : null;
    }

    @Nullable
    Integer optInt() {
        return maybe() ? anyInt() : null;
    }

    byte[] bytes() {
        byte[] b = new byte[random.nextInt(4) == 0 && !small ? random.nextInt(2000) : random.nextInt(16)];
        random.nextBytes(b);
        return b;
    }

    @Nullable
    Object jsonTree(int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> anyLong();
            case 3 -> {
                double d = random.nextBoolean()
                        ? random.nextDouble() * 1e6 - 5e5
                        : Double.longBitsToDouble(random.nextLong());
                yield Double.isNaN(d) || Double.isInfinite(d) ? 0.5 : d;
            }
            case 4, 5 -> string();
            case 6 -> {
                List<@Nullable Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(jsonTree(depth + 1));
                }
                yield list;
            }
            default -> jsonObjectTree(depth + 1);
        };
    }

    Map<String, @Nullable Object> jsonObjectTree(int depth) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            map.put(string(), jsonTree(depth + 1));
        }
        return map;
    }

    @Nullable
    Json optExtras() {
        return maybe() ? Json.of(jsonObjectTree(1)) : null;
    }

    @Nullable
    Object data() {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1, 2 -> string();
            case 3 -> bytes();
            default -> Json.of(random.nextBoolean() ? jsonObjectTree(1) : List.of(string(), anyLong()));
        };
    }

    Map<String, String> stringMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            map.put(string(), string());
        }
        return map;
    }

    Message message() {
        Message.Builder b = Message.builder()
                .id(optString())
                .clientId(optString())
                .connectionId(optString())
                .connectionKey(optString())
                .name(optString())
                .data(data())
                .encoding(optString())
                .extras(optExtras())
                .timestamp(optLong())
                .actionCode(optInt())
                .serial(optString());
        if (maybe()) {
            b.version(MessageVersion.builder()
                    .serial(optString())
                    .timestamp(optLong())
                    .clientId(optString())
                    .description(optString())
                    .metadata(stringMap())
                    .build());
        }
        if (maybe()) {
            Map<String, Json> summary = new LinkedHashMap<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                summary.put(string(), Json.of(jsonObjectTree(1)));
            }
            b.annotations(MessageAnnotations.of(summary));
        }
        return b.build();
    }

    PresenceMessage presence() {
        return PresenceMessage.builder()
                .id(optString())
                .actionCode(optInt())
                .clientId(optString())
                .connectionId(optString())
                .data(data())
                .encoding(optString())
                .extras(optExtras())
                .timestamp(optLong())
                .build();
    }

    ErrorInfo error(int depth) {
        ErrorInfo.Builder b = ErrorInfo.builder()
                .code(random.nextBoolean() ? 40000 + random.nextInt(60000) : anyInt())
                .statusCode(random.nextBoolean() ? 400 + random.nextInt(200) : anyInt())
                .message(optString())
                .href(optString())
                .requestId(optString());
        if (depth < 3 && random.nextInt(3) == 0) {
            b.cause(error(depth + 1));
        }
        stringMap().forEach(b::detail);
        return b.build();
    }

    ProtocolMessage protocolMessage() {
        ProtocolMessage.Builder b = ProtocolMessage.builder(random.nextInt(5) == 0 ? anyInt() : random.nextInt(25))
                .id(optString())
                .channel(optString())
                .channelSerial(optString())
                .connectionId(optString())
                .connectionKey(optString())
                .count(optInt())
                .flags(maybe() ? anyLong() : 0)
                .msgSerial(optLong())
                .timestamp(optLong());
        if (maybe()) {
            b.connectionDetails(ConnectionDetails.builder()
                    .clientId(optString())
                    .connectionKey(optString())
                    .maxMessageSize(optInt())
                    .maxFrameSize(optInt())
                    .maxInboundRate(optInt())
                    .connectionStateTtl(optLong())
                    .serverId(optString())
                    .maxIdleInterval(optLong())
                    .objectsGCGracePeriod(optLong())
                    .siteCode(optString())
                    .build());
        }
        if (maybe()) {
            b.error(error(0));
        }
        List<Message> messages = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            messages.add(message());
        }
        List<PresenceMessage> presence = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            presence.add(presence());
        }
        List<PublishResult> res = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            List<@Nullable String> serials = new ArrayList<>();
            for (int j = random.nextInt(4); j > 0; j--) {
                serials.add(random.nextInt(4) == 0 ? null : string());
            }
            res.add(PublishResult.of(serials));
        }
        if (maybe()) {
            b.auth(AuthDetails.of(string()));
        }
        return b.messages(messages)
                .presence(presence)
                .res(res)
                .params(stringMap())
                .build();
    }

    /**
     * What {@code m} decodes to after a round trip in {@code format}: the codec writes Json data as a string of
     * its text, and in JSON binary data as a base64 string.
     */
    static ProtocolMessage expectedAfterRoundTrip(ProtocolMessage m, WireFormat format) {
        List<Message> messages = new ArrayList<>();
        for (Message msg : m.messages()) {
            messages.add(msg.toBuilder().data(wireData(msg.data(), format)).build());
        }
        List<PresenceMessage> presence = new ArrayList<>();
        for (PresenceMessage p : m.presence()) {
            presence.add(p.toBuilder().data(wireData(p.data(), format)).build());
        }
        return m.toBuilder().messages(messages).presence(presence).build();
    }

    private static @Nullable Object wireData(@Nullable Object data, WireFormat format) {
        if (data instanceof Json json) {
            return json.text();
        }
        if (data instanceof byte[] bytes && format == WireFormat.JSON) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return data;
    }
}
