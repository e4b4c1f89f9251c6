package io.ably4j.types;

import static io.ably4j.types.TestJson.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.ReceivedDefaults;
import io.ably4j.internal.protocol.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * UTS {@code rest/unit/types/mutable_message_types.md}: the message action (TM5, TM2j), serial (TM2r), version
 * (TM2s, TM2s1-TM2s5) and annotations (TM2u, TM8a) of {@link Message}, in JSON and msgpack.
 *
 * <p>The spec's {@code Message.fromJson} is a message received from Ably: the codec, then the defaults the spec
 * derives for received messages ({@link ReceivedDefaults}), then the data-encoding layer; {@code toJson} is the
 * data-encoding layer, then the codec. {@code MessageOperation.toJson} (MOP2a) and
 * {@code UpdateDeleteResult.fromJson} (UDR2a) are the types' own methods; the UDR2a case also decodes the same body
 * with each codec, as a REST response would be. {@code Annotation.fromJson} (TAN2) is, as for messages, the codec then
 * the data-encoding layer. The spec's {@code toInt()}/{@code fromInt()} are {@code code()}/{@code of()} here, as for
 * the other action enums.
 */
class MutableMessageTypesUtsTest {

    /** {@code Message.fromJson}: decodes one message body written as JSON text, in {@code format}. */
    private static Message fromJson(WireFormat format, String json) {
        byte[] body = format == WireFormat.JSON ? json.getBytes(StandardCharsets.UTF_8) : msgpackOf(json);
        List<Message> wire = ProtocolCodec.create(format).decodeMessages(body);
        assertThat(wire).hasSize(1);
        return DataEncoding.decode(ReceivedDefaults.apply(wire.get(0)), null).value();
    }

    /** {@code Message.toJson}: the encoded message as a {@code Map}/{@code List} tree, whatever the format. */
    private static Map<?, ?> toJson(WireFormat format, Message message) {
        byte[] body = ProtocolCodec.create(format).encodeMessages(List.of(DataEncoding.encode(message, null, format)));
        String json = format == WireFormat.JSON ? new String(body, StandardCharsets.UTF_8) : jsonOfMsgpack(body);
        Object tree = Json.parse(json).toValue();
        assertThat(tree)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .hasSize(1);
        return (Map<?, ?>) Objects.requireNonNull(((List<?>) Objects.requireNonNull(tree)).get(0));
    }

    @Test
    void TM5_message_action_enum_values_0() {
        assertThat(MessageAction.MESSAGE_CREATE.code()).isEqualTo(0);
        assertThat(MessageAction.MESSAGE_UPDATE.code()).isEqualTo(1);
        assertThat(MessageAction.MESSAGE_DELETE.code()).isEqualTo(2);
        assertThat(MessageAction.META.code()).isEqualTo(3);
        assertThat(MessageAction.MESSAGE_SUMMARY.code()).isEqualTo(4);
        assertThat(MessageAction.MESSAGE_APPEND.code()).isEqualTo(5);

        assertThat(MessageAction.of(0)).isEqualTo(MessageAction.MESSAGE_CREATE);
        assertThat(MessageAction.of(5)).isEqualTo(MessageAction.MESSAGE_APPEND);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TM2j_action_and_serial_fields_0(WireFormat format) {
        Message msg = Message.builder()
                .name("test")
                .data("hello")
                .serial("serial-1")
                .action(MessageAction.MESSAGE_UPDATE)
                .build();

        assertThat(msg.serial()).isEqualTo("serial-1");
        assertThat(msg.action()).isEqualTo(MessageAction.MESSAGE_UPDATE);

        Map<?, ?> jsonData = toJson(format, msg);
        assertThat(jsonData.get("serial")).isEqualTo("serial-1");
        assertThat(jsonData.get("action")).isEqualTo(1L); // the numeric wire value of MESSAGE_UPDATE
        assertThat(jsonData.get("name")).isEqualTo("test");
        assertThat(jsonData.get("data")).isEqualTo("hello");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TM2s_version_populated_from_wire_0(WireFormat format) {
        Message msg = fromJson(format, """
                {"serial":"msg-serial-1","name":"test","data":"hello",
                 "version":{"serial":"version-serial-1","timestamp":1700000001000,"clientId":"editor-1",
                   "description":"fixed typo","metadata":{"reason":"typo","tool":"editor"}}}""");

        assertThat(msg.version()).isNotNull().isInstanceOf(MessageVersion.class);
        MessageVersion version = Objects.requireNonNull(msg.version());
        assertThat(version.serial()).isEqualTo("version-serial-1");
        assertThat(version.timestamp()).isEqualTo(1700000001000L);
        assertThat(version.clientId()).isEqualTo("editor-1");
        assertThat(version.description()).isEqualTo("fixed typo");
        assertThat(version.metadata()).containsEntry("reason", "typo").containsEntry("tool", "editor");
    }

    /** The spec's "metadata IS null" is an empty map here: {@link MessageVersion#metadata()} is never null. */
    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TM2s1_version_defaults_from_message_0(WireFormat format) {
        Message msg = fromJson(
                format,
                "{\"serial\":\"msg-serial-1\",\"timestamp\":1700000000000,\"name\":\"test\",\"data\":\"hello\"}");

        assertThat(msg.version()).isNotNull().isInstanceOf(MessageVersion.class);
        MessageVersion version = Objects.requireNonNull(msg.version());
        assertThat(version.serial()).isEqualTo("msg-serial-1"); // TM2s1
        assertThat(version.timestamp()).isEqualTo(1700000000000L); // TM2s2
        assertThat(version.clientId()).isNull();
        assertThat(version.description()).isNull();
        assertThat(version.metadata()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TM2u_annotations_defaults_empty_0(WireFormat format) {
        Message msg = fromJson(format, "{\"serial\":\"msg-serial-1\",\"name\":\"test\"}");

        assertThat(msg.annotations()).isNotNull().isInstanceOf(MessageAnnotations.class);
        MessageAnnotations annotations = Objects.requireNonNull(msg.annotations());
        assertThat(annotations.summary()).isNotNull().isEmpty();
    }

    /** TM2u and TM8a with a summary on the wire: kept per annotation type as opaque JSON (TM8a1). */
    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TM2u_TM8a_annotationsSummaryReadFromWire(WireFormat format) {
        Message msg = fromJson(
                format,
                "{\"serial\":\"s\",\"annotations\":{\"summary\":{\"reaction:distinct.v1\":{\"like\":{\"total\":2}},"
                        + "\"x.unknown:v9\":{\"n\":[1,2]}}}}");

        MessageAnnotations annotations = Objects.requireNonNull(msg.annotations());
        assertThat(annotations.summary()).containsOnlyKeys("reaction:distinct.v1", "x.unknown:v9");
        assertThat(at(annotations.summary().get("reaction:distinct.v1"), "like", "total"))
                .isEqualTo(2L);
        assertThat(at(annotations.summary().get("x.unknown:v9"), "n")).isEqualTo(List.of(1L, 2L));
    }

    /** The spec's "metadata IS null" is an empty map here, as for {@link MessageVersion#metadata()}. */
    @Test
    void MOP2a_message_operation_fields_0() {
        MessageOperation op = MessageOperation.builder()
                .clientId("user-1")
                .description("edit description")
                .metadata(Map.of("reason", "typo", "tool", "editor"))
                .build();

        assertThat(op.clientId()).isEqualTo("user-1");
        assertThat(op.description()).isEqualTo("edit description");
        assertThat(op.metadata()).containsEntry("reason", "typo").containsEntry("tool", "editor");

        Object jsonData = Json.parse(op.toJson()).toValue();
        assertThat(at(jsonData, "clientId")).isEqualTo("user-1");
        assertThat(at(jsonData, "description")).isEqualTo("edit description");
        assertThat(at(jsonData, "metadata", "reason")).isEqualTo("typo");
        assertThat(at(jsonData, "metadata", "tool")).isEqualTo("editor");

        MessageOperation emptyOp = MessageOperation.builder().build();
        assertThat(emptyOp.clientId()).isNull();
        assertThat(emptyOp.description()).isNull();
        assertThat(emptyOp.metadata()).isEmpty();

        Object emptyJson = Json.parse(emptyOp.toJson()).toValue();
        assertThat(emptyJson)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKeys("clientId", "description", "metadata");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void UDR2a_update_delete_result_fields_0(WireFormat format) {
        UpdateDeleteResult result1 = updateDeleteResultFromJson(format, "{\"versionSerial\":\"version-serial-abc\"}");
        assertThat(result1).isInstanceOf(UpdateDeleteResult.class);
        assertThat(result1.versionSerial()).isEqualTo("version-serial-abc");

        UpdateDeleteResult result2 = updateDeleteResultFromJson(format, "{\"versionSerial\":null}");
        assertThat(result2.versionSerial()).isNull();

        UpdateDeleteResult result3 = updateDeleteResultFromJson(format, "{}");
        assertThat(result3.versionSerial()).isNull();
    }

    /** {@code UpdateDeleteResult.fromJson}, checked against the codec of {@code format} on the same body. */
    private static UpdateDeleteResult updateDeleteResultFromJson(WireFormat format, String json) {
        UpdateDeleteResult fromJson = UpdateDeleteResult.fromJson(json);
        byte[] body = format == WireFormat.JSON ? json.getBytes(StandardCharsets.UTF_8) : msgpackOf(json);
        assertThat(ProtocolCodec.create(format).decodeUpdateDeleteResult(body)).isEqualTo(fromJson);
        return fromJson;
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TAN2_annotation_attributes_and_action_0(WireFormat format) {
        Annotation ann = annotationFromJson(format, """
                {"id":"ann-id-1","action":0,"clientId":"user-1","name":"like","count":5,"data":"thumbs-up",
                 "encoding":null,"timestamp":1700000000000,"serial":"ann-serial-1","messageSerial":"msg-serial-1",
                 "type":"com.example.reaction","extras":{"custom":"metadata"}}""");

        assertThat(ann).isInstanceOf(Annotation.class);
        assertThat(ann.id()).isEqualTo("ann-id-1");
        assertThat(ann.action()).isEqualTo(AnnotationAction.ANNOTATION_CREATE);
        assertThat(ann.clientId()).isEqualTo("user-1");
        assertThat(ann.name()).isEqualTo("like");
        assertThat(ann.count()).isEqualTo(5);
        assertThat(ann.data()).isEqualTo("thumbs-up");
        assertThat(ann.encoding()).isNull();
        assertThat(ann.timestamp()).isEqualTo(1700000000000L);
        assertThat(ann.serial()).isEqualTo("ann-serial-1");
        assertThat(ann.messageSerial()).isEqualTo("msg-serial-1");
        assertThat(ann.type()).isEqualTo("com.example.reaction");
        assertThat(at(ann.extras(), "custom")).isEqualTo("metadata");

        assertThat(AnnotationAction.ANNOTATION_CREATE.code()).isEqualTo(0);
        assertThat(AnnotationAction.ANNOTATION_DELETE.code()).isEqualTo(1);
        assertThat(AnnotationAction.of(0)).isEqualTo(AnnotationAction.ANNOTATION_CREATE);
        assertThat(AnnotationAction.of(1)).isEqualTo(AnnotationAction.ANNOTATION_DELETE);
    }

    /** {@code Annotation.fromJson}: decodes one annotation body written as JSON text, in {@code format}. */
    private static Annotation annotationFromJson(WireFormat format, String json) {
        byte[] body = format == WireFormat.JSON ? json.getBytes(StandardCharsets.UTF_8) : msgpackOf(json);
        List<Annotation> wire = ProtocolCodec.create(format).decodeAnnotations(body);
        assertThat(wire).hasSize(1);
        return DataEncoding.decode(wire.get(0), null).value();
    }

    // ---------------------------------------------------------------- msgpack <-> JSON text, for the test bodies

    private static byte[] msgpackOf(String json) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            pack(packer, Json.parse(json).toValue());
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pack(MessageBufferPacker packer, @Nullable Object node) throws IOException {
        if (node == null) {
            packer.packNil();
        } else if (node instanceof Map<?, ?> map) {
            packer.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                packer.packString((String) e.getKey());
                pack(packer, e.getValue());
            }
        } else if (node instanceof List<?> list) {
            packer.packArrayHeader(list.size());
            for (Object item : list) {
                pack(packer, item);
            }
        } else if (node instanceof String s) {
            packer.packString(s);
        } else if (node instanceof Long l) {
            packer.packLong(l);
        } else if (node instanceof Boolean b) {
            packer.packBoolean(b);
        } else {
            throw new IllegalArgumentException("not used in these tests: " + node.getClass());
        }
    }

    /** The JSON text of a msgpack body (msgpack-core's rendering of maps, arrays, strings and integers). */
    private static String jsonOfMsgpack(byte[] body) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(body)) {
            String json = unpacker.unpackValue().toJson();
            assertThat(unpacker.hasNext()).as("one value").isFalse();
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
