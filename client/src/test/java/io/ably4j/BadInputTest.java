package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.types.AblyException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the public option builders: a clear {@link AblyException} with the Ably code, and the builder keeps
 * what it held before the failed call (no half-applied change).
 */
@NullUnmarked // the tests pass nulls on purpose
class BadInputTest {
    private static final String KEY = "appId.keyId:keySecret";

    private static void assertCode(ThrowingCallable call, int code) {
        assertThatThrownBy(call)
                .isInstanceOf(AblyException.class)
                .satisfies(
                        e -> assertThat(((AblyException) e).errorInfo().code()).isEqualTo(code));
    }

    @Test
    void RTS4_releaseWithAnInvalidName_40010() {
        try (FakeRuntime rt = new FakeRuntime()) {
            RealtimeClient client = rt.client(b -> b.autoConnect(false));
            client.channels().get("kept");
            assertCode(() -> client.channels().release(null), 40010);
            assertCode(() -> client.channels().release(""), 40010);
            rt.drain();
            assertThat(client.channels().names()).containsExactly("kept");
        }
    }

    @Test
    void TB2c_invalidParamsMapLeavesTheBuilderUnchanged() {
        ChannelOptions.Builder b = ChannelOptions.builder().param("rewind", "1");
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("delta", "vcdiff");
        bad.put("broken", null);
        assertCode(() -> b.params(bad), 40000);
        assertThat(b.build().params()).containsExactly(Map.entry("rewind", "1"));
    }

    @Test
    void RTC1f_invalidTransportParamsMapLeavesTheBuilderUnchanged() {
        ClientOptions.Builder b = ClientOptions.builder().key(KEY).transportParam("a", "1");
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("b", 2);
        bad.put("c", new Object());
        assertCode(() -> b.transportParams(bad), 40000);
        assertThat(b.build().transportParams()).containsExactly(Map.entry("a", "1"));
    }
}
