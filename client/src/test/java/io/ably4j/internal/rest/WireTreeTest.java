package io.ably4j.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.BatchPresenceResult;
import io.ably4j.BatchResult;
import io.ably4j.RestClient;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.types.AblyException;
import io.ably4j.types.PresenceMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@link WireTree}: the plain trees of non-message REST bodies in msgpack and JSON, and a msgpack batch response. */
class WireTreeTest {
    private static Map<String, @Nullable Object> sample() {
        Map<String, @Nullable Object> inner = new LinkedHashMap<>();
        inner.put("bin", new byte[] {0, 1, (byte) 0xff});
        inner.put("nil", null);
        inner.put("t", true);
        inner.put("f", false);
        inner.put("d", 1.5);
        Map<String, @Nullable Object> tree = new LinkedHashMap<>();
        tree.put("small", 7L);
        tree.put("negFix", -5L);
        tree.put("neg", -1000L);
        tree.put("int", 70_000L);
        tree.put("long", 1L << 40);
        tree.put("min", Long.MIN_VALUE);
        tree.put("s31", "x".repeat(31));
        tree.put("s32", "y".repeat(32));
        tree.put("s300", "z".repeat(300));
        tree.put("s70k", "w".repeat(70_000));
        tree.put("utf8", "héllo €");
        tree.put("list", Arrays.asList(1L, "two", null, List.of(3L)));
        tree.put("inner", inner);
        tree.put("bigList", java.util.Collections.nCopies(20, 1L));
        return tree;
    }

    @Test
    void msgpack_round_trips_every_kind_of_value() {
        Map<String, @Nullable Object> tree = sample();

        Object back = WireTree.decode(WireTree.encode(tree, WireFormat.MSGPACK), WireFormat.MSGPACK);

        assertThat(back).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) back;
        assertThat(List.copyOf(map.keySet())).isEqualTo(List.copyOf(tree.keySet()));
        for (String key : tree.keySet()) {
            if (!key.equals("inner")) {
                assertThat(map.get(key)).as(key).isEqualTo(tree.get(key));
            }
        }
        Map<?, ?> inner = (Map<?, ?>) map.get("inner");
        assertThat((byte[]) inner.get("bin")).containsExactly(0, 1, 0xff);
        assertThat(inner.get("nil")).isNull();
        assertThat(inner.containsKey("nil")).isTrue();
        assertThat(inner.get("t")).isEqualTo(true);
        assertThat(inner.get("f")).isEqualTo(false);
        assertThat(inner.get("d")).isEqualTo(1.5);
    }

    @Test
    void raw_values_are_spliced_in_both_formats() {
        Map<String, Object> msgpack = Map.of("m", new WireTree.Raw(WireTree.encode(List.of("a"), WireFormat.MSGPACK)));
        Map<String, Object> json = Map.of("m", new WireTree.Raw("[\"a\"]".getBytes(StandardCharsets.UTF_8)));

        assertThat(WireTree.decode(WireTree.encode(msgpack, WireFormat.MSGPACK), WireFormat.MSGPACK))
                .isEqualTo(Map.of("m", List.of("a")));
        assertThat(new String(WireTree.encode(json, WireFormat.JSON), StandardCharsets.UTF_8))
                .isEqualTo("{\"m\":[\"a\"]}");
    }

    @Test
    void malformed_bodies_fail_with_50000() {
        byte[] full = WireTree.encode(sample(), WireFormat.MSGPACK);
        byte[] truncated = Arrays.copyOf(full, full.length - 3);
        byte[] trailing = Arrays.copyOf(full, full.length + 1);
        byte[] hugeLength = {(byte) 0xdd, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};

        for (byte[] body : List.of(truncated, trailing, hugeLength, new byte[] {(byte) 0xc1})) {
            assertThatThrownBy(() -> WireTree.decode(body, WireFormat.MSGPACK))
                    .isInstanceOf(AblyException.class)
                    .satisfies(e ->
                            assertThat(((AblyException) e).errorInfo().code()).isEqualTo(50000));
        }
        assertThatThrownBy(() -> WireTree.decode("{".getBytes(StandardCharsets.UTF_8), WireFormat.JSON))
                .isInstanceOf(AblyException.class);
    }

    /** RSC24 with msgpack: binary presence data stays binary through the tree and back into the codec. */
    @Test
    void RSC24_a_msgpack_batch_presence_response_is_decoded() {
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("action", 1L);
        member.put("clientId", "alice");
        member.put("data", new byte[] {4, 5});
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("successCount", 1L);
        result.put("failureCount", 0L);
        result.put("results", List.of(Map.of("channel", "a", "presence", List.of(member))));
        byte[] body = WireTree.encode(result, WireFormat.MSGPACK);
        FakeRuntime rt = new FakeRuntime();
        rt.http.handler = call -> CompletableFuture.completedFuture(
                new HttpResult(200, Map.of("Content-Type", List.of("application/x-msgpack")), body));
        RestClient client = rt.restClient(b -> {});

        BatchResult<BatchPresenceResult> batch = rt.await(client.batchPresence(List.of("a")));

        BatchPresenceResult.Success success =
                (BatchPresenceResult.Success) batch.results().get(0);
        PresenceMessage m = success.presence().get(0);
        assertThat(m.clientId()).isEqualTo("alice");
        assertThat(m.data()).isEqualTo(new byte[] {4, 5});
        assertThat(rt.http.requests.get(0).headers()).containsEntry("Accept", "application/x-msgpack");
    }
}
