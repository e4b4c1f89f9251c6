package io.ably4j.internal.protocol.encoding;

import static io.ably4j.internal.protocol.encoding.MessagesEncodingFixtureTest.assertData;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The decoding failure rules (RSL6b), encoding corner cases (RSL4) and message sizes (TM6, TP5). */
class DataEncodingTest {

    private static ErrorInfo error(DataEncoding.Decoded d) {
        ErrorInfo e = d.error();
        if (e == null) {
            throw new AssertionError("expected a decoding error, got " + d);
        }
        return e;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void RSL6b_invalidBase64StopsAtOnce() {
        DataEncoding.Decoded d = DataEncoding.decode("@@not base64@@", "utf-8/base64", null);
        assertThat(d.data()).isEqualTo("@@not base64@@");
        assertThat(d.encoding()).isEqualTo("utf-8/base64");
        assertThat(error(d).code()).isEqualTo(40013);
        assertThat(error(d).statusCode()).isEqualTo(400);
        assertThat(error(d).message()).contains("base64");
    }

    @Test
    void RSL6b_invalidJsonKeepsTheString() {
        DataEncoding.Decoded d = DataEncoding.decode(b64("{not json"), "json/base64", null);
        assertThat(d.encoding()).isEqualTo("json");
        assertData(d.data(), "{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(error(d).code()).isEqualTo(40013);

        DataEncoding.Decoded s = DataEncoding.decode("[1,2", "json", null);
        assertThat(s.data()).isEqualTo("[1,2");
        assertThat(s.encoding()).isEqualTo("json");
        assertThat(error(s).code()).isEqualTo(40013);
    }

    @Test
    void RSL6b_invalidUtf8KeepsTheBytes() {
        byte[] bad = {(byte) 0xC3, (byte) 0x28}; // an invalid 2-byte sequence
        DataEncoding.Decoded d = DataEncoding.decode(Base64.getEncoder().encodeToString(bad), "utf-8/base64", null);
        assertData(d.data(), bad);
        assertThat(d.encoding()).isEqualTo("utf-8");
        assertThat(error(d).code()).isEqualTo(40013);
    }

    @Test
    void RSL6b_vcdiffIsUnsupported() {
        DataEncoding.Decoded d = DataEncoding.decode(b64("delta"), "utf-8/vcdiff/base64", null);
        assertThat(d.encoding()).isEqualTo("utf-8/vcdiff");
        assertThat(d.data()).isInstanceOf(byte[].class);
        assertThat(error(d).code()).isEqualTo(40019);
        assertThat(error(d).message()).contains("vcdiff");
    }

    @Test
    void RSL6b_unknownOutermostStepDecodesNothing() {
        DataEncoding.Decoded d = DataEncoding.decode("x", "json/rot13", null);
        assertThat(d.data()).isEqualTo("x");
        assertThat(d.encoding()).isEqualTo("json/rot13");
        assertThat(error(d).message()).contains("rot13");
    }

    @Test
    void RSL6b_wrongDataTypeForStep() {
        DataEncoding.Decoded d = DataEncoding.decode("text", "cipher+aes-128-cbc", null);
        assertThat(d.encoding()).isEqualTo("cipher+aes-128-cbc");
        assertThat(error(d).code()).isEqualTo(40013);
    }

    @Test
    void RSL6a_utf8OnAStringIsANoOp() {
        DataEncoding.Decoded d = DataEncoding.decode("héllo", "utf-8", null);
        assertThat(d.error()).isNull();
        assertThat(d.data()).isEqualTo("héllo");
        assertThat(d.encoding()).isNull();
    }

    @Test
    void RSL6a_jsonOnJsonKeepsIt() {
        // The JSON codec delivers an embedded object as Json.
        Json value = Json.of(Map.of("a", 1L));
        DataEncoding.Decoded d = DataEncoding.decode(value, "json", null);
        assertThat(d.error()).isNull();
        assertThat(d.data()).isSameAs(value);
    }

    @Test
    void RSL6a_jsonScalarsDecode() {
        DataEncoding.Decoded d = DataEncoding.decode("\"quoted\"", "json", null);
        assertThat(d.error()).isNull();
        assertThat(d.data()).isEqualTo(Json.parse("\"quoted\""));
    }

    @Test
    void RSL6a_noEncodingOrEmptyEncoding() {
        assertThat(DataEncoding.decode("x", null, null)).isEqualTo(new DataEncoding.Decoded("x", null, null));
        assertThat(DataEncoding.decode("x", "", null)).isEqualTo(new DataEncoding.Decoded("x", null, null));
        DataEncoding.Decoded empties = DataEncoding.decode(b64("hi"), "/utf-8//base64/", null);
        assertThat(empties.error()).isNull();
        assertThat(empties.data()).isEqualTo("hi");
    }

    @Test
    void RSL6a_nullDataKeepsItsEncoding() {
        DataEncoding.Decoded d = DataEncoding.decode(null, "json", null);
        assertThat(d.data()).isNull();
        assertThat(d.encoding()).isEqualTo("json");
        assertThat(d.error()).isNull();
    }

    @Test
    void RSL6_messageWithoutEncodingIsReturnedAsIs() {
        Message m = Message.builder().name("n").data("d").build();
        assertThat(DataEncoding.decode(m, null).value()).isSameAs(m);
        PresenceMessage p =
                PresenceMessage.builder(PresenceAction.ENTER).clientId("c").build();
        assertThat(DataEncoding.decode(p, null).value()).isSameAs(p);
    }

    @Test
    void RSL6b_messageKeepsItsOtherFieldsOnFailure() {
        Message wire = Message.builder()
                .id("id1")
                .name("n")
                .clientId("c")
                .data("!!!")
                .encoding("base64")
                .extras(Json.of(Map.of("headers", Map.of("k", "v"))))
                .build();
        DecodeResult<Message> r = DataEncoding.decode(wire, null);
        assertThat(r.isComplete()).isFalse();
        assertThat(r.value()).isEqualTo(wire);
    }

    @Test
    void RSL4b_existingEncodingIsExtended() {
        DataEncoding.Encoded e = DataEncoding.encode(new byte[] {1}, "custom", null, WireFormat.JSON);
        assertThat(e.encoding()).isEqualTo("custom/base64");
        DataEncoding.Encoded s = DataEncoding.encode("already", "custom", null, WireFormat.JSON);
        assertThat(s.encoding()).isEqualTo("custom");
        assertThat(s.data()).isEqualTo("already");
    }

    @Test
    void RSL4_messageWithNullDataIsReturnedAsIs() {
        Message m = Message.builder().name("n").build();
        assertThat(DataEncoding.encode(m, null, WireFormat.JSON)).isSameAs(m);
    }

    @Test
    void TM6_messageSize() {
        Message m = Message.builder()
                .name("naïve") // 6 UTF-8 bytes
                .clientId("client") // 6
                .data("€uro") // 6
                .extras(Json.parse("{\"a\":1}")) // 7
                .build();
        assertThat(DataEncoding.size(m)).isEqualTo(25);
        assertThat(DataEncoding.size(Message.builder().data(new byte[100]).build()))
                .isEqualTo(100); // TM6c: bytes, not base64
        assertThat(DataEncoding.size(
                        Message.builder().data(Json.parse("[1, 2]")).build()))
                .isEqualTo(5); // TM6b: "[1,2]"
        assertThat(DataEncoding.size(Message.builder().build())).isZero(); // TM6e
    }

    @Test
    void TP5_presenceMessageSize() {
        PresenceMessage p = PresenceMessage.builder(PresenceAction.UPDATE)
                .clientId("abc")
                .data("12345")
                .build();
        assertThat(DataEncoding.size(p)).isEqualTo(8);
    }

    @Test
    void TM6f_utf8LengthMatchesTheEncoder() {
        for (String s : new String[] {"", "ascii", "é", "€", "😀", "a😀b€é", "\ud800", "x\udc00y", "\ud83d"}) {
            assertThat(DataEncoding.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(DataEncoding.utf8Length((@Nullable String) null)).isZero();
    }
}
