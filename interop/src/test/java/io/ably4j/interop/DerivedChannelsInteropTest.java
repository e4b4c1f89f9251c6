package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.DeriveOptions;
import io.ably4j.RealtimeChannel;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Derived channels across SDKs on the emulator: ably-js attaches the qualified name {@code [filter=<base64>]name} (as
 * its {@code getDerived} builds it) and receives only the matching messages ably4j publishes on {@code name}; ably4j's
 * {@code getDerived} names the same channel.
 */
class DerivedChannelsInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String FILTER = "name == 'keep' && headers.n > `1`";

    private static Message withN(String name, String data, int n) {
        return Message.builder()
                .name(name)
                .data(data)
                .extras(Json.parse("{\"headers\":{\"n\":" + n + "}}"))
                .build();
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTS5_jsSubscribesToADerivedChannel(Format format) {
        Emulator emu = start();
        String base = "derived-interop";
        String derived =
                "[filter=" + Base64.getEncoder().encodeToString(FILTER.getBytes(StandardCharsets.UTF_8)) + "]" + base;
        JsPeer js = js("derived", emu, format);
        js.call("connect", "auth", "key");
        js.call("subscribe", "channel", derived);
        Ably4jPeer ably4j = ably4j(emu, format);
        assertThat(ably4j.client
                        .channels()
                        .getDerived(base, DeriveOptions.filter(FILTER))
                        .name())
                .isEqualTo(derived);

        RealtimeChannel ch = ably4j.channel(base);
        ably4j.publish(ch, withN("keep", "k1", 2));
        ably4j.publish(ch, withN("keep", "low", 1));
        ably4j.publish(ch, withN("drop", "other-name", 5));
        ably4j.publish(ch, Message.of("keep", "no-headers"));
        ably4j.publish(ch, withN("keep", "k2", 3));

        List<Map<String, Object>> got = js.awaitEvents(JsPeer.message(derived), 2, WAIT);
        assertThat(got).extracting(m -> m.get("data")).containsExactly(JsPeer.data("k1"), JsPeer.data("k2"));
        assertThat(js.events(JsPeer.message(derived))).hasSize(2);
    }
}
