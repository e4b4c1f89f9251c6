package io.ably4j.internal.protocol.encoding;

import static io.ably4j.internal.protocol.encoding.Fixtures.integer;
import static io.ably4j.internal.protocol.encoding.Fixtures.list;
import static io.ably4j.internal.protocol.encoding.Fixtures.map;
import static io.ably4j.internal.protocol.encoding.Fixtures.optString;
import static io.ably4j.internal.protocol.encoding.Fixtures.string;
import static io.ably4j.internal.protocol.encoding.MessagesEncodingFixtureTest.assertData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.CipherParams;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.msgpack.value.Value;

/**
 * RSL5c: every item of ably-common's {@code crypto-data-128.json} and {@code crypto-data-256.json} decrypts to its
 * plaintext, and encrypting the plaintext with the fixture's IV reproduces the encrypted form exactly, in the JSON
 * format and in the msgpack format (whose {@code msgpack} field holds the whole encrypted message).
 */
class CryptoFixtureTest {

    /** One fixture file: its cipher, its fixed IV and its items. */
    record CryptoFixture(String file, CipherParams params, String ivBase64, List<Item> items) {
        Supplier<byte[]> ivSource() {
            byte[] iv = Fixtures.base64(ivBase64);
            return iv::clone;
        }
    }

    /** One item: the plaintext message (itself possibly encoded), its encrypted form and its msgpack bytes. */
    record Item(
            int index,
            String name,
            String plainData,
            @Nullable String plainEncoding,
            String encryptedData,
            String encryptedEncoding,
            String msgpackBase64) {
        byte[] msgpack() {
            return Fixtures.base64(msgpackBase64);
        }

        @Override
        public String toString() {
            return "#" + index + " " + encryptedEncoding + " (" + plainData.length() + " chars)";
        }
    }

    static CryptoFixture load(String file) {
        Map<String, @Nullable Object> root = map(Fixtures.load(file));
        CipherParams params = CipherParams.builder()
                .algorithm(string(root, "algorithm"))
                .mode(string(root, "mode"))
                .keyLength(integer(root, "keylength"))
                .key(string(root, "key"))
                .build();
        List<Item> items = new ArrayList<>();
        for (Object o : list(root.get("items"))) {
            Map<String, @Nullable Object> item = map(o);
            Map<String, @Nullable Object> encoded = map(item.get("encoded"));
            Map<String, @Nullable Object> encrypted = map(item.get("encrypted"));
            assertThat(encrypted.get("name")).isEqualTo(encoded.get("name"));
            items.add(new Item(
                    items.size(),
                    string(encoded, "name"),
                    string(encoded, "data"),
                    optString(encoded, "encoding"),
                    string(encrypted, "data"),
                    string(encrypted, "encoding"),
                    string(item, "msgpack")));
        }
        return new CryptoFixture(file, params, string(root, "iv"), items);
    }

    @TestFactory
    Stream<DynamicNode> RSL5c_aes128Fixtures() {
        CryptoFixture f = load("crypto-data-128.json");
        assertThat(f.params().keyLength()).isEqualTo(128);
        assertThat(f.items()).hasSize(4);
        Fixtures.report(f.file(), f.items().size());
        return f.items().stream().map(item -> DynamicContainer.dynamicContainer(item.toString(), tests(f, item)));
    }

    @TestFactory
    Stream<DynamicNode> RSL5c_aes256Fixtures() {
        CryptoFixture f = load("crypto-data-256.json");
        assertThat(f.params().keyLength()).isEqualTo(256);
        assertThat(f.items()).hasSize(74);
        Fixtures.report(f.file(), f.items().size());
        return f.items().stream().map(item -> DynamicContainer.dynamicContainer(item.toString(), tests(f, item)));
    }

    private static Object plaintext(Item item) {
        DataEncoding.Decoded plain = DataEncoding.decode(item.plainData(), item.plainEncoding(), null);
        assertThat(plain.error()).isNull();
        assertThat(plain.encoding()).isNull();
        Object value = plain.data();
        if (value == null) {
            throw new AssertionError("fixture plaintext is null");
        }
        return value;
    }

    private static Stream<DynamicNode> tests(CryptoFixture f, Item item) {
        return Stream.of(
                dynamicTest("decrypts the JSON form", () -> {
                    DataEncoding.Decoded d =
                            DataEncoding.decode(item.encryptedData(), item.encryptedEncoding(), f.params());
                    assertThat(d.error()).isNull();
                    assertThat(d.encoding()).isNull();
                    assertData(d.data(), plaintext(item));
                }),
                dynamicTest("encrypts to the JSON form with the fixture IV", () -> {
                    DataEncoding.Encoded e =
                            DataEncoding.encode(plaintext(item), null, f.params(), WireFormat.JSON, f.ivSource());
                    assertThat(e.data()).isEqualTo(item.encryptedData());
                    assertThat(e.encoding()).isEqualTo(item.encryptedEncoding());
                }),
                dynamicTest("decrypts the msgpack form", () -> {
                    Map<String, Value> wire = MsgpackValues.unpackMap(item.msgpack());
                    assertThat(MsgpackValues.string(wire.get("name"))).isEqualTo(item.name());
                    Object data = MsgpackValues.data(wire.get("data"));
                    assertThat(data).isInstanceOf(byte[].class);
                    DataEncoding.Decoded d =
                            DataEncoding.decode(data, MsgpackValues.string(wire.get("encoding")), f.params());
                    assertThat(d.error()).isNull();
                    assertThat(d.encoding()).isNull();
                    assertData(d.data(), plaintext(item));
                }),
                dynamicTest("encrypts to the exact msgpack bytes with the fixture IV", () -> {
                    DataEncoding.Encoded e =
                            DataEncoding.encode(plaintext(item), null, f.params(), WireFormat.MSGPACK, f.ivSource());
                    assertThat(e.data()).isInstanceOf(byte[].class);
                    Map<String, @Nullable Object> ours =
                            Map.of("name", item.name(), "encoding", String.valueOf(e.encoding()), "data", e.data());
                    Map<String, @Nullable Object> message = new LinkedHashMap<>();
                    for (String key : MsgpackValues.unpackMap(item.msgpack()).keySet()) {
                        message.put(key, ours.get(key)); // in the fixture's key order
                    }
                    assertThat(message).containsOnlyKeys("name", "encoding", "data");
                    assertThat(MsgpackValues.pack(message)).containsExactly(item.msgpack());
                }),
                dynamicTest("decrypts the msgpack form via the msgpack codec", () -> {
                    List<Message> messages =
                            ProtocolCodec.create(WireFormat.MSGPACK).decodeMessages(item.msgpack());
                    assertThat(messages).hasSize(1);
                    assertThat(messages.get(0).name()).isEqualTo(item.name());
                    DecodeResult<Message> r = DataEncoding.decode(messages.get(0), f.params());
                    assertThat(r.error()).isNull();
                    assertThat(r.value().encoding()).isNull();
                    assertData(r.value().data(), plaintext(item));
                }),
                dynamicTest("encrypts to the JSON form via the JSON codec", () -> {
                    Message wire = DataEncoding.encode(
                            Message.builder()
                                    .name(item.name())
                                    .data(plaintext(item))
                                    .build(),
                            f.params(),
                            WireFormat.JSON,
                            f.ivSource());
                    byte[] body = ProtocolCodec.create(WireFormat.JSON).encodeMessages(List.of(wire));
                    Object tree =
                            Json.parse(new String(body, StandardCharsets.UTF_8)).toValue();
                    assertThat(tree)
                            .isEqualTo(List.of(Map.of(
                                    "name", item.name(),
                                    "data", item.encryptedData(),
                                    "encoding", item.encryptedEncoding())));
                }),
                dynamicTest("Message round trip with the fixture IV", () -> {
                    Message plain = Message.builder()
                            .name(item.name())
                            .data(plaintext(item))
                            .build();
                    Message wire = DataEncoding.encode(plain, f.params(), WireFormat.JSON, f.ivSource());
                    assertThat(wire.data()).isEqualTo(item.encryptedData());
                    assertThat(wire.encoding()).isEqualTo(item.encryptedEncoding());
                    DecodeResult<Message> back = DataEncoding.decode(wire, f.params());
                    assertThat(back.error()).isNull();
                    assertThat(back.value()).isEqualTo(plain);
                }));
    }
}
