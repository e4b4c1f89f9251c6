package io.ably4j.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * The value contracts of {@link Annotation}, {@link AnnotationAction}, {@link MessageOperation} and
 * {@link UpdateDeleteResult}: equality, copies, forward compatibility of action codes, bad arguments.
 */
class AnnotationTypesTest {

    private static Annotation full() {
        return Annotation.builder()
                .id("i")
                .action(AnnotationAction.ANNOTATION_CREATE)
                .clientId("c")
                .name("n")
                .count(1)
                .data(new byte[] {1, 2})
                .encoding("e")
                .timestamp(1L)
                .serial("s")
                .messageSerial("m")
                .type("t")
                .extras(Json.parse("{\"a\":1}"))
                .build();
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int code) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(code));
    }

    @Test
    void TAN2_equalsHashCodeAndToBuilder() {
        Annotation a = full();
        assertThat(a.toBuilder().build()).isEqualTo(a).hasSameHashCodeAs(a);
        for (Annotation variant : new Annotation[] {
            a.toBuilder().id("j").build(),
            a.toBuilder().action(AnnotationAction.ANNOTATION_DELETE).build(),
            a.toBuilder().clientId(null).build(),
            a.toBuilder().name("o").build(),
            a.toBuilder().count(2).build(),
            a.toBuilder().data(new byte[] {1, 3}).build(),
            a.toBuilder().data("s").build(),
            a.toBuilder().encoding(null).build(),
            a.toBuilder().timestamp(2L).build(),
            a.toBuilder().serial("t").build(),
            a.toBuilder().messageSerial("n").build(),
            a.toBuilder().type("u").build(),
            a.toBuilder().extras(null).build()
        }) {
            assertThat(variant).isNotEqualTo(a);
            assertThat(a).isNotEqualTo(variant);
        }
        assertThat(a.toString())
                .contains("<2 bytes>")
                .contains("ANNOTATION_CREATE")
                .contains("type=t");
    }

    @Test
    void TAN2f_binaryDataIsCopiedInAndOut() {
        byte[] bytes = {1, 2};
        Annotation a = Annotation.builder().data(bytes).build();
        bytes[0] = 9;
        byte[] out = (byte[]) java.util.Objects.requireNonNull(a.data());
        assertThat(out).containsExactly(1, 2);
        out[1] = 9;
        assertThat((byte[]) a.data()).containsExactly(1, 2);
    }

    @Test
    void TAN2b1_unknownActionCodesAreKept() {
        assertThat(AnnotationAction.of(2)).isEqualTo(AnnotationAction.UNKNOWN);
        assertThat(AnnotationAction.of(-1)).isEqualTo(AnnotationAction.UNKNOWN);
        assertThat(AnnotationAction.UNKNOWN.code()).isEqualTo(-1);
        Annotation a = Annotation.builder().actionCode(42).build();
        assertThat(a.action()).isEqualTo(AnnotationAction.UNKNOWN);
        assertThat(a.actionCode()).isEqualTo(42);
        assertThat(a.toString()).contains("UNKNOWN(42)");
        assertThat(Annotation.builder().build().action()).isNull();
    }

    @Test
    @NullUnmarked
    void TAN2_badArguments_40013() {
        Annotation.Builder b = Annotation.builder().type("t");
        assertCode(() -> b.action(AnnotationAction.UNKNOWN), 40013);
        assertCode(() -> b.extras(Json.parse("[1]")), 40013);
        assertCode(() -> b.data((Object) Integer.valueOf(5)), 40013);
        assertThat(b.build()).isEqualTo(Annotation.builder().type("t").build());
    }

    @Test
    void MOP2_equalsHashCodeAndToBuilder() {
        MessageOperation op = MessageOperation.builder()
                .clientId("c")
                .description("d")
                .metadata(Map.of("k", "v"))
                .build();
        assertThat(op.toBuilder().build()).isEqualTo(op).hasSameHashCodeAs(op);
        assertThat(op.toBuilder().clientId(null).build()).isNotEqualTo(op);
        assertThat(op.toBuilder().description("e").build()).isNotEqualTo(op);
        assertThat(op.toBuilder().metadata(Map.of()).build()).isNotEqualTo(op);
        assertThat(op.toString())
                .contains("clientId=c")
                .contains("description=d")
                .contains("k=v");
        assertThat(op.toJson()).isEqualTo("{\"clientId\":\"c\",\"description\":\"d\",\"metadata\":{\"k\":\"v\"}}");
        assertThat(MessageOperation.builder().build().toJson()).isEqualTo("{}");
    }

    @Test
    void MOP2c_metadataIsCopied() {
        Map<String, String> metadata = new HashMap<>(Map.of("k", "v"));
        MessageOperation op = MessageOperation.builder().metadata(metadata).build();
        metadata.put("x", "y");
        assertThat(op.metadata()).containsExactly(Map.entry("k", "v"));
        assertThatThrownBy(() -> op.metadata().put("z", "z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @NullUnmarked
    void MOP2c_nullMetadata_40000_andNullEntries_40013() {
        MessageOperation.Builder b = MessageOperation.builder();
        assertCode(() -> b.metadata(null), 40000);
        Map<String, String> withNull = new HashMap<>();
        withNull.put("k", null);
        assertCode(() -> MessageOperation.builder().metadata(withNull).build(), 40013);
        assertThat(b.build().metadata()).isEmpty();
    }

    @Test
    @NullUnmarked
    void UDR2a_valueAndNullFromJson() {
        assertThat(UpdateDeleteResult.of("v"))
                .isEqualTo(UpdateDeleteResult.of("v"))
                .hasSameHashCodeAs(UpdateDeleteResult.of("v"))
                .isNotEqualTo(UpdateDeleteResult.of(null));
        assertThat(UpdateDeleteResult.of(null).versionSerial()).isNull();
        assertThat(UpdateDeleteResult.of("v").toString()).contains("v");
        assertCode(() -> UpdateDeleteResult.fromJson(null), 40000);
    }
}
