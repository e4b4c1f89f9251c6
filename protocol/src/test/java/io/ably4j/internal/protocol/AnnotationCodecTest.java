package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.types.AblyException;
import io.ably4j.types.Annotation;
import io.ably4j.types.AnnotationAction;
import io.ably4j.types.CipherParams;
import io.ably4j.types.Crypto;
import io.ably4j.types.Json;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.UpdateDeleteResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Annotations on the wire (TAN2, RTAN1c, RTAN4b, RSAN1c6, RSAN3) and update/delete results (UDR2, RSL15e), in both
 * formats: REST bodies, the {@code annotations} of an {@code ANNOTATION} protocol message, and annotation data
 * encoded and decoded like message data (TAN2f1).
 */
class AnnotationCodecTest {

    private static byte[] body(WireFormat format, String json) {
        return format == WireFormat.JSON ? json.getBytes(StandardCharsets.UTF_8) : MsgpackTestSupport.fromJson(json);
    }

    private static Annotation full() {
        return Annotation.builder()
                .id("ann-1")
                .action(AnnotationAction.ANNOTATION_DELETE)
                .clientId("alice")
                .name("like")
                .count(3)
                .data("payload")
                .encoding("utf-8")
                .timestamp(1_700_000_000_000L)
                .serial("ann-serial")
                .messageSerial("msg-serial")
                .type("reaction:multiple.v1")
                .extras(Json.parse("{\"headers\":{\"k\":\"v\"}}"))
                .build();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TAN2_RSAN1c6_annotationListsRoundTrip(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        List<Annotation> annotations = List.of(
                full(),
                Annotation.builder()
                        .action(AnnotationAction.ANNOTATION_CREATE)
                        .type("reaction:distinct.v1")
                        .build(),
                Annotation.builder().build());
        assertThat(codec.decodeAnnotations(codec.encodeAnnotations(annotations)))
                .isEqualTo(annotations);
        assertThat(codec.decodeAnnotations(codec.encodeAnnotations(List.of()))).isEmpty();
    }

    @Test
    void TAN2_jsonFieldNamesAndAbsentFieldsOmitted() {
        String json = new String(new JsonProtocolCodec().encodeAnnotations(List.of(full())), StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo("[{\"id\":\"ann-1\",\"action\":1,\"clientId\":\"alice\",\"name\":\"like\",\"count\":3,"
                        + "\"data\":\"payload\",\"encoding\":\"utf-8\",\"timestamp\":1700000000000,"
                        + "\"serial\":\"ann-serial\",\"messageSerial\":\"msg-serial\",\"type\":\"reaction:multiple.v1\","
                        + "\"extras\":{\"headers\":{\"k\":\"v\"}}}]");
        String minimal = new String(
                new JsonProtocolCodec()
                        .encodeAnnotations(
                                List.of(Annotation.builder().type("t").build())),
                StandardCharsets.UTF_8);
        assertThat(minimal).isEqualTo("[{\"type\":\"t\"}]");
    }

    /** TAN2b1, RSF1: an unknown action code is kept, unknown fields and non-object extras are ignored. */
    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TAN2b1_unknownActionKeptAndUnknownFieldsIgnored(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        List<Annotation> decoded = codec.decodeAnnotations(
                body(format, "{\"action\":7,\"type\":\"t\",\"future\":{\"x\":[1]},\"extras\":\"not-an-object\"}"));
        assertThat(decoded).hasSize(1);
        Annotation a = decoded.get(0);
        assertThat(a.action()).isEqualTo(AnnotationAction.UNKNOWN);
        assertThat(a.actionCode()).isEqualTo(7);
        assertThat(a.type()).isEqualTo("t");
        assertThat(a.extras()).isNull();
        assertThat(codec.decodeAnnotations(codec.encodeAnnotations(decoded))
                        .get(0)
                        .actionCode())
                .isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TAN2_badAnnotationBodiesFailWithProtocolDecodeException(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        for (String json : List.of("5", "[5]", "[{\"type\":5}]", "{\"count\":\"x\"}", "{\"action\":\"create\"}")) {
            assertThatThrownBy(() -> codec.decodeAnnotations(body(format, json)))
                    .as(json)
                    .isInstanceOf(ProtocolDecodeException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RTAN1c_RTAN4b_annotationProtocolMessageRoundTrip(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        ProtocolMessage pm = ProtocolMessage.builder(Action.ANNOTATION)
                .channel("chat")
                .msgSerial(4L)
                .annotations(List.of(full(), Annotation.builder().type("t").build()))
                .build();
        ProtocolMessage decoded = codec.decode(codec.encode(pm));
        assertThat(decoded).isEqualTo(pm);
        assertThat(decoded.annotations()).hasSize(2);
        assertThat(decoded.toBuilder().build()).isEqualTo(pm);
        assertThat(ReceivedDefaults.apply(decoded).annotations()).isEqualTo(pm.annotations());
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RTAN4b_annotationsReadFromAReceivedFrame(WireFormat format) {
        ProtocolMessage pm = ProtocolCodec.create(format)
                .decode(body(
                        format,
                        "{\"action\":21,\"channel\":\"chat\",\"channelSerial\":\"cs\",\"annotations\":[{\"action\":0,"
                                + "\"serial\":\"s1\",\"messageSerial\":\"m1\",\"type\":\"reaction:distinct.v1\","
                                + "\"name\":\"like\",\"clientId\":\"bob\",\"timestamp\":5}]}"));
        assertThat(pm.action()).isEqualTo(Action.ANNOTATION);
        assertThat(pm.annotations())
                .containsExactly(Annotation.builder()
                        .action(AnnotationAction.ANNOTATION_CREATE)
                        .serial("s1")
                        .messageSerial("m1")
                        .type("reaction:distinct.v1")
                        .name("like")
                        .clientId("bob")
                        .timestamp(5L)
                        .build());
        assertThat(ProtocolCodec.create(format)
                        .decode(body(format, "{\"action\":21,\"annotations\":null}"))
                        .annotations())
                .isEmpty();
    }

    @Test
    void TR4_protocolMessageWithoutAnnotationsWritesNoField() {
        String json = new String(
                new JsonProtocolCodec().encode(ProtocolMessage.of(Action.HEARTBEAT)), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"action\":0}");
    }

    /** TAN2f1: annotation data is encoded per RSL4 (JSON data, binary as base64 in JSON) and decoded per RSL6. */
    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TAN2f1_annotationDataEncodedAndDecodedLikeMessageData(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        Json json = Json.parse("{\"emoji\":\"👍\"}");
        byte[] binary = {0, 1, 2, (byte) 0xff};
        for (Object data : List.of(json, binary, "text")) {
            Annotation a = Annotation.builder().type("t").data(data).build();
            Annotation encoded = DataEncoding.encode(a, null, format);
            if (data instanceof Json) {
                assertThat(encoded.encoding()).isEqualTo("json");
                assertThat(encoded.data()).isEqualTo(json.text());
            } else if (data instanceof byte[]) {
                assertThat(encoded.encoding()).isEqualTo(format == WireFormat.JSON ? "base64" : null);
            } else {
                assertThat(encoded).isEqualTo(a); // a string stays a string without an encoding (RSL4d2)
            }
            Annotation wire = codec.decodeAnnotations(codec.encodeAnnotations(List.of(encoded)))
                    .get(0);
            DecodeResult<Annotation> decoded = DataEncoding.decode(wire, null);
            assertThat(decoded.isComplete()).isTrue();
            assertThat(decoded.value()).isEqualTo(a);
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TAN2f1_encryptedAnnotationDataRoundTrips(WireFormat format) {
        CipherParams cipher = Crypto.getDefaultParams(Crypto.generateRandomKey(128));
        byte[] iv = new byte[16];
        Arrays.fill(iv, (byte) 7);
        Annotation a = Annotation.builder().type("t").data("secret").build();
        Annotation encoded = DataEncoding.encode(a, cipher, format, () -> iv.clone());
        assertThat(encoded.encoding())
                .isEqualTo("utf-8/cipher+aes-128-cbc" + (format == WireFormat.JSON ? "/base64" : ""));
        ProtocolCodec codec = ProtocolCodec.create(format);
        Annotation wire = codec.decodeAnnotations(codec.encodeAnnotations(List.of(encoded)))
                .get(0);
        assertThat(DataEncoding.decode(wire, cipher).value()).isEqualTo(a);
        DecodeResult<Annotation> noKey = DataEncoding.decode(wire, null);
        assertThat(noKey.isComplete()).isFalse();
        assertThat(noKey.value().encoding()).startsWith("utf-8/cipher+aes-128-cbc");
    }

    @Test
    void RSAN1a4_annotationSizeCountsNameDataClientIdAndExtras() {
        Annotation a = Annotation.builder()
                .name("ab")
                .data(new byte[5])
                .clientId("é")
                .extras(Json.parse("{}"))
                .type("not-counted")
                .build();
        assertThat(DataEncoding.size(a)).isEqualTo(2 + 5 + 2 + 2);
        assertThat(DataEncoding.size(Annotation.builder().build())).isZero();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void UDR2a_RSL15e_resultRoundTripsAndIgnoresOtherFields(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        for (UpdateDeleteResult r : List.of(UpdateDeleteResult.of("v1"), UpdateDeleteResult.of(null))) {
            assertThat(codec.decodeUpdateDeleteResult(codec.encodeUpdateDeleteResult(r)))
                    .isEqualTo(r);
        }
        assertThat(codec.decodeUpdateDeleteResult(
                        body(format, "{\"serial\":\"m\",\"versionSerial\":\"v2\",\"extra\":[1,{}]}")))
                .isEqualTo(UpdateDeleteResult.of("v2"));
        for (String bad : List.of("[]", "5", "{\"versionSerial\":5}", "null")) {
            assertThatThrownBy(() -> codec.decodeUpdateDeleteResult(body(format, bad)))
                    .as(bad)
                    .isInstanceOf(ProtocolDecodeException.class);
        }
    }

    @Test
    void UDR2a_fromJsonRejectsBadInputWith40000() {
        for (String bad : List.of("", "[]", "{\"versionSerial\":true}", "{")) {
            assertThatThrownBy(() -> UpdateDeleteResult.fromJson(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            AblyException.class,
                            e -> assertThat(e.errorInfo().code()).isEqualTo(40000));
        }
    }
}
