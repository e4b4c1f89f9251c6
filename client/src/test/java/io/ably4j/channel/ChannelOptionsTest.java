package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.AblyException;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.CipherParams;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * UTS realtime/unit/channels/channel_options.md (TB2-TB4, RTS3b, RTS3c, RTS3c1, RTL16). The derived-channel cases
 * (RTS5, RTS5a, RTS5a1, RTS5a2, DO2a) are left out: derived channels are optional and not implemented.
 */
@NullUnmarked
class ChannelOptionsTest extends ChannelTestSupport {
    private static final String KEY_256 = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";

    @Test
    void TB2_channel_options_attributes_0() {
        ChannelOptions o = ChannelOptions.builder().build();
        assertThat(o.cipher()).isNull();
        assertThat(o.params()).isEmpty();
        assertThat(o.modes()).isEmpty();
        assertThat(o.attachOnSubscribe()).isTrue();
    }

    @Test
    void TB2c_options_with_params_0() {
        ChannelOptions o = ChannelOptions.builder()
                .params(java.util.Map.of("rewind", "1", "delta", "vcdiff"))
                .build();
        assertThat(o.params()).containsEntry("rewind", "1").containsEntry("delta", "vcdiff");
    }

    @Test
    void TB2d_options_with_modes_0() {
        ChannelOptions o = ChannelOptions.builder()
                .modes(ChannelMode.PUBLISH, ChannelMode.SUBSCRIBE)
                .build();
        assertThat(o.modes()).containsExactlyInAnyOrder(ChannelMode.PUBLISH, ChannelMode.SUBSCRIBE);
    }

    @Test
    void TB3_with_cipher_key_0() {
        ChannelOptions o = ChannelOptions.withCipherKey(KEY_256);
        assertThat(o.cipher()).isNotNull();
        assertThat(o.cipher().algorithm()).isEqualTo("aes");
        assertThat(o.cipher().keyLength()).isEqualTo(256);
    }

    @Test
    void TB4_attach_on_subscribe_default_0() {
        assertThat(ChannelOptions.builder().build().attachOnSubscribe()).isTrue();
        assertThat(ChannelOptions.builder().attachOnSubscribe(false).build().attachOnSubscribe())
                .isFalse();
    }

    @Test
    void RTS3b_options_set_on_new_0() {
        RealtimeClient client = client();
        RealtimeChannel ch = client.channels()
                .get(
                        "test-RTS3b",
                        ChannelOptions.builder()
                                .param("rewind", "1")
                                .modes(ChannelMode.SUBSCRIBE)
                                .build());
        assertThat(ch.options().params()).containsEntry("rewind", "1");
        assertThat(ch.options().modes()).contains(ChannelMode.SUBSCRIBE);
    }

    @Test
    void RTS3c_options_updated_existing_0() {
        RealtimeClient client = client();
        RealtimeChannel ch = client.channels()
                .get(
                        "test-RTS3c",
                        ChannelOptions.builder().attachOnSubscribe(false).build());
        ChannelOptions next = ChannelOptions.builder()
                .cipher(CipherParams.builder().key(KEY_256).build())
                .attachOnSubscribe(true)
                .build();
        RealtimeChannel same = client.channels().get("test-RTS3c", next);
        rt.drain();
        assertThat(same).isSameAs(ch);
        assertThat(ch.options().cipher()).isNotNull();
        assertThat(ch.options().attachOnSubscribe()).isTrue();
    }

    @Test
    void RTS3c1_error_reattach_params_0() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTS3c1");
        assertThatThrownBy(() -> client.channels()
                        .get(
                                "test-RTS3c1",
                                ChannelOptions.builder().param("rewind", "1").build()))
                .isInstanceOf(AblyException.class)
                .satisfies(
                        e -> assertThat(((AblyException) e).errorInfo().code()).isEqualTo(40000));
        rt.drain();
        assertThat(ch.options().params()).isEmpty();
    }

    @Test
    void RTS3c1_error_reattach_modes_1() {
        RealtimeClient client = connectedClient(); // ATTACH unanswered: the channel stays ATTACHING
        RealtimeChannel ch = client.channels().get("test-RTS3c1-modes");
        fire(ch.attach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        assertThatThrownBy(() -> client.channels()
                        .get(
                                "test-RTS3c1-modes",
                                ChannelOptions.builder()
                                        .modes(ChannelMode.SUBSCRIBE)
                                        .build()))
                .isInstanceOf(AblyException.class)
                .satisfies(
                        e -> assertThat(((AblyException) e).errorInfo().code()).isEqualTo(40000));
    }

    @Test
    void RTL16_set_options_updates_0() {
        RealtimeClient client = client();
        RealtimeChannel ch = client.channels().get("test-RTL16");
        rt.await(ch.setOptions(ChannelOptions.builder()
                .param("delta", "vcdiff")
                .attachOnSubscribe(false)
                .build()));
        assertThat(ch.options().params()).containsEntry("delta", "vcdiff");
        assertThat(ch.options().attachOnSubscribe()).isFalse();
        assertThat(sent(Action.ATTACH)).isEmpty(); // INITIALIZED: no re-attach
    }

    @Test
    void RTL16a_triggers_reattach_0() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL16a");
        List<ChannelStateChange> changes = new ArrayList<>();
        ch.on(changes::add);
        rt.await(ch.setOptions(ChannelOptions.builder().param("rewind", "1").build()));
        assertThat(changes).extracting(ChannelStateChange::current).contains(ChannelState.ATTACHING);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(ch.options().params()).containsEntry("rewind", "1");
        assertThat(sent(Action.ATTACH)).hasSize(2);
        assertThat(sent(Action.ATTACH).get(1).params()).containsEntry("rewind", "1");
    }

    /** RTL16a: the setOptions re-attach fails as attach does (here: a channel ERROR). */
    @Test
    void RTL16a_reattachFailureFailsTheFuture() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL16a-fail");
        server(m -> toClient(channelError("test-RTL16a-fail", 40160, "Not permitted")));
        CompletableFuture<Void> f =
                ch.setOptions(ChannelOptions.builder().param("rewind", "1").build());
        assertThat(errorOf(f).code()).isEqualTo(40160);
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
    }

    /** RSL5/RTL16: a cipher set in the options decrypts received messages and encrypts published ones. */
    @Test
    void RTL16_cipherDecryptsReceivedAndEncryptsPublished() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        ChannelOptions withCipher = ChannelOptions.withCipherKey(KEY_256);
        RealtimeChannel ch = client.channels().get("test-cipher", withCipher);
        rt.await(ch.attach());
        List<Message> received = new ArrayList<>();
        ch.subscribe(received::add);
        fire(ch.publish("secret", "plaintext"));
        rt.drain();
        Message wire = sent(Action.MESSAGE).get(0).messages().get(0);
        assertThat(wire.encoding()).isEqualTo("utf-8/cipher+aes-256-cbc");
        assertThat(wire.data()).isInstanceOf(byte[].class);
        deliver(ProtocolMessage.builder(Action.MESSAGE)
                .channel("test-cipher")
                .addMessage(wire)
                .build());
        assertThat(received).extracting(Message::data).containsExactly("plaintext");
        assertThat(received.get(0).encoding()).isNull();
    }
}
