package io.ably4j.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** The derived-channel filter parser and evaluator, and the channel qualifier that carries it. */
@NullUnmarked
class FilterExpressionTest {
    private static Map<String, Object> msg(String name, String clientId, Map<String, Object> headers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        if (clientId != null) {
            m.put("clientId", clientId);
        }
        if (headers != null) {
            m.put("extras", Map.of("headers", headers));
        }
        return m;
    }

    private static boolean eval(String expr, Map<String, Object> m) throws ErrorInfo {
        return FilterExpression.parse(expr).matches(m);
    }

    @Test
    void comparesNameWithRawStringAndJsonLiteral() throws ErrorInfo {
        Map<String, Object> m = msg("ice-cream", null, null);
        assertThat(eval("name == 'ice-cream'", m)).isTrue();
        assertThat(eval("name == `\"ice-cream\"`", m)).isTrue();
        assertThat(eval("name != 'ice-cream'", m)).isFalse();
        assertThat(eval("name == 'other'", m)).isFalse();
    }

    @Test
    void headersNumbersAndOrdering() throws ErrorInfo {
        Map<String, Object> m = msg("x", "u1", Map.of("cost", 35L, "flavor", "strawberry", "hot", false));
        assertThat(eval("headers.cost < `50`", m)).isTrue();
        assertThat(eval("headers.cost <= 35", m)).isTrue();
        assertThat(eval("headers.cost > 35.5", m)).isFalse();
        assertThat(eval("headers.cost >= `35.0`", m)).isTrue();
        assertThat(eval("headers.cost == `35`", m)).isTrue();
        assertThat(eval("headers.flavor > `1`", m)).isFalse(); // ordering of a non-number is null
        assertThat(eval("headers.hot == false", m)).isTrue();
        assertThat(eval("headers.missing == null", m)).isTrue();
        assertThat(eval("headers.\"flavor\" == 'strawberry'", m)).isTrue();
    }

    @Test
    void booleanOperatorsPrecedenceAndParentheses() throws ErrorInfo {
        Map<String, Object> m = msg("a", "u1", Map.of("n", 3L));
        assertThat(eval("name == 'b' || name == 'a' && clientId == 'u1'", m)).isTrue();
        assertThat(eval("(name == 'b' || name == 'a') && clientId == 'u2'", m)).isFalse();
        assertThat(eval("!(name == 'b')", m)).isTrue();
        assertThat(eval("!name", m)).isFalse();
        assertThat(eval("!headers.none", m)).isTrue();
        assertThat(eval("true", m)).isTrue();
        assertThat(eval("headers.n", m)).isTrue();
        assertThat(eval("clientId", msg("a", null, null))).isFalse();
    }

    @Test
    void messageWithoutHeaders() throws ErrorInfo {
        assertThat(eval("headers.cost < `50`", msg("a", null, null))).isFalse();
        assertThat(eval("headers.cost == null", msg("a", null, null))).isTrue();
    }

    @Test
    void invalidExpressionsFailWith40000() {
        for (String bad : new String[] {
            "", "name ==", "name == 'x", "(name == 'x'", "name == `{`", "name === 'x'", "== 'x'", "name == 'x' &&", "#"
        }) {
            assertThatThrownBy(() -> FilterExpression.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ErrorInfo.class, e -> assertThat(e.code()).isEqualTo(40000));
        }
    }

    /** A client's filter cannot overflow the engine thread's stack: deep nesting or long chains get 40000. */
    @Test
    void deeplyNestedExpressionsFailWith40000() {
        int depth = 200_000; // fits in one ATTACH frame once base64-encoded
        for (String bad : new String[] {
            "(".repeat(depth) + "name == 'x'" + ")".repeat(depth),
            "!".repeat(depth) + "name",
            "(".repeat(depth),
            "name == 'x'" + " || name == 'x'".repeat(depth / 16)
        }) {
            assertThatThrownBy(() -> FilterExpression.parse(bad))
                    .isInstanceOfSatisfying(
                            ErrorInfo.class, e -> assertThat(e.code()).isEqualTo(40000));
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void qualifierParsesFilterAndParams() throws ErrorInfo {
        ChannelQualifier q = ChannelQualifier.parse("[filter=" + b64("name == 'a'") + "?rewind=1&delta=vcdiff]base");
        assertThat(q.base()).isEqualTo("base");
        assertThat(q.qualified()).isTrue();
        assertThat(q.filter()).isNotNull();
        assertThat(q.filter().text()).isEqualTo("name == 'a'");
        assertThat(q.params()).containsExactly(Map.entry("rewind", "1"), Map.entry("delta", "vcdiff"));

        ChannelQualifier p = ChannelQualifier.parse("[?rewind=10s]base:x");
        assertThat(p.base()).isEqualTo("base:x");
        assertThat(p.filter()).isNull();
        assertThat(p.params()).containsEntry("rewind", "10s");

        ChannelQualifier plain = ChannelQualifier.parse("plain");
        assertThat(plain.qualified()).isFalse();
        assertThat(ChannelQualifier.baseOf("[?a=b]c")).isEqualTo("c");
    }

    @Test
    void qualifierErrors() {
        assertThatThrownBy(() -> ChannelQualifier.parse("[filter=abc"))
                .isInstanceOfSatisfying(
                        ErrorInfo.class, e -> assertThat(e.code()).isEqualTo(40010));
        assertThatThrownBy(() -> ChannelQualifier.parse("[meta]x"))
                .isInstanceOfSatisfying(
                        ErrorInfo.class, e -> assertThat(e.code()).isEqualTo(40010));
        assertThatThrownBy(() -> ChannelQualifier.parse("[filter=!!!]x"))
                .isInstanceOfSatisfying(
                        ErrorInfo.class, e -> assertThat(e.code()).isEqualTo(40010));
        assertThatThrownBy(() -> ChannelQualifier.parse("[filter=" + b64("name ==") + "]x"))
                .isInstanceOfSatisfying(
                        ErrorInfo.class, e -> assertThat(e.code()).isEqualTo(40000));
    }
}
