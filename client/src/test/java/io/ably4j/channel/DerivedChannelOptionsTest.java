package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.ChannelOptions;
import io.ably4j.DeriveOptions;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.AblyException;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.ProtocolMessage.Action;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_options.md: the derived channel cases (RTS5, RTS5a, RTS5a1, RTS5a2, DO2a). */
@NullUnmarked
class DerivedChannelOptionsTest extends ChannelTestSupport {

    @Test
    void RTS5a_creates_derived_channel_0() {
        RealtimeClient client = client();
        RealtimeChannel ch = client.channels().getDerived("test-RTS5a", DeriveOptions.filter("name == 'foo'"));
        assertThat(ch.name()).startsWith("[filter=").endsWith("]test-RTS5a");
        assertThat(client.channels().exists(ch.name())).isTrue();
        assertThat(client.channels().getDerived("test-RTS5a", DeriveOptions.filter("name == 'foo'")))
                .isSameAs(ch);
    }

    @Test
    void RTS5a1_filter_base64_encoded_0() {
        RealtimeChannel ch = client().channels().getDerived("test-RTS5a1", DeriveOptions.filter("name == 'test'"));
        assertThat(ch.name()).isEqualTo("[filter=bmFtZSA9PSAndGVzdCc=]test-RTS5a1");
        String encoded = ch.name().substring("[filter=".length(), ch.name().indexOf(']'));
        assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
                .isEqualTo("name == 'test'");
    }

    @Test
    void RTS5a2_derived_with_params_0() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("rewind", "1");
        params.put("delta", "vcdiff");
        RealtimeChannel ch = client().channels()
                .getDerived(
                        "test-RTS5a2",
                        DeriveOptions.filter("type == 'message'"),
                        ChannelOptions.builder().params(params).build());
        assertThat(ch.name()).endsWith("]test-RTS5a2");
        String qualifier = ch.name().substring(1, ch.name().indexOf(']'));
        assertThat(qualifier).startsWith("filter=").contains("?");
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String kv : qualifier.substring(qualifier.indexOf('?') + 1).split("&", -1)) {
            String[] p = kv.split("=", 2);
            parsed.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        assertThat(parsed).containsExactlyEntriesOf(params);
        assertThat(ch.options().params()).containsExactlyEntriesOf(params);
    }

    @Test
    void RTS5_get_derived_with_options_0() {
        RealtimeChannel ch = client().channels()
                .getDerived(
                        "test-RTS5",
                        DeriveOptions.filter("true"),
                        ChannelOptions.builder()
                                .modes(ChannelMode.SUBSCRIBE)
                                .attachOnSubscribe(false)
                                .build());
        assertThat(ch.options().modes()).contains(ChannelMode.SUBSCRIBE);
        assertThat(ch.options().attachOnSubscribe()).isFalse();
    }

    @Test
    void DO2a_filter_attribute_0() {
        DeriveOptions d = DeriveOptions.builder()
                .filter("name == 'event' && data.count > 10")
                .build();
        assertThat(d.filter()).isEqualTo("name == 'event' && data.count > 10");
        assertThat(d).isEqualTo(DeriveOptions.filter("name == 'event' && data.count > 10"));
    }

    @Test
    void DO2a_filter_isRequired() {
        assertThatThrownBy(() -> DeriveOptions.builder().build())
                .isInstanceOf(AblyException.class)
                .extracting(e -> ((AblyException) e).errorInfo().code())
                .isEqualTo(40000);
        assertThatThrownBy(() -> client().channels().getDerived("x", null)).isInstanceOf(AblyException.class);
        assertThatThrownBy(() -> client().channels().getDerived("", DeriveOptions.filter("true")))
                .isInstanceOf(AblyException.class)
                .extracting(e -> ((AblyException) e).errorInfo().code())
                .isEqualTo(40010);
    }

    @Test
    void RTS5a2_existingQualifierParamsAreKept() {
        RealtimeChannel ch = client().channels().getDerived("[?rewind=1]base", DeriveOptions.filter("true"));
        assertThat(ch.name()).isEqualTo("[filter=dHJ1ZQ==?rewind=1]base");
    }

    @Test
    void RTS5_attachSendsTheQualifiedName() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels()
                .getDerived(
                        "base",
                        DeriveOptions.filter("name == 'a'"),
                        ChannelOptions.builder().param("rewind", "1").build());
        rt.await(ch.attach());
        assertThat(sent(Action.ATTACH)).singleElement().satisfies(m -> {
            assertThat(m.channel()).isEqualTo("[filter=bmFtZSA9PSAnYSc=?rewind=1]base");
            assertThat(m.params()).containsEntry("rewind", "1");
        });
    }
}
