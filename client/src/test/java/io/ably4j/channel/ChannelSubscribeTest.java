package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.Subscription;
import io.ably4j.types.AblyException;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * UTS realtime/unit/channels/channel_subscribe.md (RTL7, RTL8, RTL17). The RTL22 MessageFilter cases are in {@link
 * ChannelSubscribeFilterTest}.
 */
@NullUnmarked
class ChannelSubscribeTest extends ChannelTestSupport {
    private static final String CH = "test-RTL7";
    private static final ChannelOptions NO_AUTO_ATTACH =
            ChannelOptions.builder().attachOnSubscribe(false).build();
    private final AtomicInteger attaches = new AtomicInteger();

    private RealtimeChannel attachedNoAuto() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH, NO_AUTO_ATTACH);
        rt.await(ch.attach());
        return ch;
    }

    private void send(Message... messages) {
        deliver(ProtocolMessage.builder(Action.MESSAGE)
                .channel(CH)
                .messages(List.of(messages))
                .build());
    }

    private void countingAttachServer(boolean answer) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                attaches.incrementAndGet();
                if (answer) {
                    toClient(attached(m.channel()));
                }
            } else if (m.action() == Action.DETACH) {
                toClient(detached(m.channel()));
            }
        });
    }

    @Test
    void RTL7a_subscribe_all_messages_0() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> received = new ArrayList<>();
        ch.subscribe(received::add);
        send(Message.of("event1", "data1"));
        send(Message.of("event2", "data2"));
        send(Message.of(null, "data3"));
        assertThat(received).extracting(Message::name).containsExactly("event1", "event2", null);
        assertThat(received).extracting(Message::data).containsExactly("data1", "data2", "data3");
    }

    @Test
    void RTL7a_multiple_messages_per_protocol_1() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> received = new ArrayList<>();
        ch.subscribe(received::add);
        send(Message.of("batch1", "first"), Message.of("batch2", "second"), Message.of("batch3", "third"));
        assertThat(received).extracting(Message::name).containsExactly("batch1", "batch2", "batch3");
    }

    @Test
    void RTL7b_name_filtered_subscribe_0() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> received = new ArrayList<>();
        ch.subscribe("target", received::add);
        send(Message.of("other", "should-not-receive"));
        send(Message.of("target", "should-receive"));
        send(Message.of(null, "no-name-should-not-receive"));
        assertThat(received).extracting(Message::data).containsExactly("should-receive");
    }

    @Test
    void RTL7b_multiple_name_subscriptions_1() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> alpha = new ArrayList<>();
        List<Message> beta = new ArrayList<>();
        ch.subscribe("alpha", alpha::add);
        ch.subscribe("beta", beta::add);
        send(Message.of("alpha", "a1"), Message.of("beta", "b1"), Message.of("alpha", "a2"), Message.of("gamma", "g1"));
        assertThat(alpha).extracting(Message::data).containsExactly("a1", "a2");
        assertThat(beta).extracting(Message::data).containsExactly("b1");
    }

    @Test
    void RTL7b_subscribeToSeveralNames() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> received = new ArrayList<>();
        Subscription s = ch.subscribe(List.of("alpha", "beta"), received::add);
        send(Message.of("alpha", "a1"), Message.of("beta", "b1"), Message.of("gamma", "g1"));
        assertThat(received).extracting(Message::data).containsExactly("a1", "b1");
        s.close();
        send(Message.of("alpha", "a2"));
        assertThat(received).hasSize(2);
    }

    @Test
    void RTL7g_implicit_attach_initialized_0() {
        countingAttachServer(true);
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH);
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        List<Message> received = new ArrayList<>();
        ch.subscribe(received::add);
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(attaches.get()).isEqualTo(1);
        send(Message.of("test", "hello"));
        assertThat(received).hasSize(1);
    }

    @Test
    void RTL7g_implicit_attach_detached_1() {
        countingAttachServer(true);
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH);
        rt.await(ch.attach());
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        ch.subscribe(m -> {});
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(attaches.get()).isEqualTo(2);
    }

    @Test
    void RTL7g_listener_registered_attach_fails_2() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(channelError(CH, 40160, "Not permitted"));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH);
        List<Message> received = new ArrayList<>();
        ch.subscribe(received::add);
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        autoAttachServer();
        rt.await(ch.attach());
        send(Message.of("test", "after-reattach"));
        assertThat(received).extracting(Message::data).containsExactly("after-reattach");
    }

    @Test
    void RTL7h_no_attach_on_subscribe_0() {
        countingAttachServer(true);
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH, NO_AUTO_ATTACH);
        ch.subscribe(m -> {});
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(attaches.get()).isZero();
    }

    @Test
    void RTL7g_no_attach_when_attached_3() {
        countingAttachServer(true);
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH);
        rt.await(ch.attach());
        ch.subscribe(m -> {});
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(attaches.get()).isEqualTo(1);
    }

    @Test
    void RTL7g_no_attach_when_attaching_4() {
        countingAttachServer(false);
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH);
        fire(ch.attach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        ch.subscribe(m -> {});
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        assertThat(attaches.get()).isEqualTo(1);
    }

    @Test
    void RTL17_no_delivery_when_not_attached_0() {
        countingAttachServer(false);
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH, NO_AUTO_ATTACH);
        List<Message> received = new ArrayList<>();
        ch.subscribe(received::add);
        fire(ch.attach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        send(Message.of("premature", "should-not-deliver"));
        assertThat(received).isEmpty();
    }

    /** Echo suppression is delegated to the server: the connection is made with {@code echo=false} (RTN2b). */
    @Test
    void RTL7f_no_echo_messages_0() {
        RealtimeClient client = connectedClient(b -> b.echoMessages(false));
        assertThat(ws.lastAttempt().queryParams()).containsEntry("echo", "false");
        assertThat(client.options().echoMessages()).isFalse();
    }

    @Test
    void RTL8a_unsubscribe_specific_listener_0() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> a = new ArrayList<>();
        List<Message> b = new ArrayList<>();
        Consumer<Message> listenerA = a::add;
        ch.subscribe(listenerA);
        ch.subscribe(b::add);
        send(Message.of("msg1", "first"));
        assertThat(a).hasSize(1);
        assertThat(b).hasSize(1);
        ch.unsubscribe(listenerA);
        send(Message.of("msg2", "second"));
        assertThat(a).hasSize(1);
        assertThat(b).extracting(Message::name).containsExactly("msg1", "msg2");
    }

    @Test
    void RTL8b_unsubscribe_named_listener_0() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> received = new ArrayList<>();
        Consumer<Message> listener = received::add;
        ch.subscribe("alpha", listener);
        ch.subscribe("beta", listener);
        send(Message.of("alpha", "a1"), Message.of("beta", "b1"));
        assertThat(received).hasSize(2);
        ch.unsubscribe("alpha", listener);
        send(Message.of("alpha", "a2"), Message.of("beta", "b2"));
        assertThat(received).hasSize(3);
        assertThat(received.get(2).data()).isEqualTo("b2");
    }

    @Test
    void RTL8c_unsubscribe_all_listeners_0() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> all = new ArrayList<>();
        List<Message> named = new ArrayList<>();
        ch.subscribe(all::add);
        ch.subscribe("specific", named::add);
        send(Message.of("specific", "first"));
        assertThat(all).hasSize(1);
        assertThat(named).hasSize(1);
        ch.unsubscribe();
        send(Message.of("specific", "second"), Message.of("other", "third"));
        assertThat(all).hasSize(1);
        assertThat(named).hasSize(1);
    }

    @Test
    void RTL8a_unsubscribe_noop_not_subscribed_1() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> received = new ArrayList<>();
        ch.subscribe(received::add);
        ch.unsubscribe(m -> {});
        send(Message.of("test", "still-works"));
        assertThat(received).extracting(Message::data).containsExactly("still-works");
    }

    /**
     * RTL8b keeps the rest of a several-name registration, and its Subscription still removes it: closing the handle
     * removes the listener from every later message, whatever unsubscribe calls came before.
     */
    @Test
    void RTL8b_subscriptionHandleStillWorksAfterPartialUnsubscribe() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> received = new ArrayList<>();
        Consumer<Message> listener = received::add;
        Subscription s = ch.subscribe(List.of("alpha", "beta"), listener);
        ch.unsubscribe("alpha", listener);
        send(Message.of("alpha", "a1"), Message.of("beta", "b1"));
        assertThat(received).extracting(Message::data).containsExactly("b1");
        s.close();
        send(Message.of("beta", "b2"));
        assertThat(received).extracting(Message::data).containsExactly("b1");
    }

    /** RTL7a/RTL7b: a partial RTL8b unsubscribe does not change the order in which listeners are called. */
    @Test
    void RTL8b_partialUnsubscribeKeepsListenerOrder() {
        RealtimeChannel ch = attachedNoAuto();
        List<String> calls = new ArrayList<>();
        Consumer<Message> first = m -> calls.add("first");
        ch.subscribe(List.of("alpha", "beta"), first);
        ch.subscribe(m -> calls.add("second"));
        ch.unsubscribe("alpha", first);
        send(Message.of("beta", "b1"));
        assertThat(calls).containsExactly("first", "second");
    }

    /** RTE6: a throwing listener is logged; later listeners and later messages are unaffected. */
    @Test
    void RTL7_throwingListenerDoesNotStopDelivery() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> received = new ArrayList<>();
        ch.subscribe(m -> {
            throw new IllegalStateException("listener bug");
        });
        ch.subscribe(received::add);
        send(Message.of("a", "1"));
        send(Message.of("b", "2"));
        assertThat(received).hasSize(2);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
    }

    /** RSL6b: a message that cannot be fully decoded is delivered with the remaining encoding. */
    @Test
    void RSL6b_undecodableMessageDeliveredWithRemainingEncoding() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> received = new ArrayList<>();
        ch.subscribe(received::add);
        send(
                Message.builder().name("bad").data("not json{").encoding("json").build(),
                Message.builder().name("good").data("aGk=").encoding("base64").build());
        assertThat(received).hasSize(2);
        assertThat(received.get(0).encoding()).isEqualTo("json");
        assertThat(received.get(0).data()).isEqualTo("not json{");
        assertThat(received.get(1).encoding()).isNull();
        assertThat((byte[]) received.get(1).data()).containsExactly('h', 'i');
    }

    @Test
    void RTL7_badInputThrows40000() {
        RealtimeChannel ch = attachedNoAuto();
        assertThatThrownBy(() -> ch.subscribe((Consumer<Message>) null)).isInstanceOf(AblyException.class);
        assertThatThrownBy(() -> ch.subscribe((String) null, m -> {})).isInstanceOf(AblyException.class);
        assertThatThrownBy(() -> ch.subscribe(List.of(), m -> {})).isInstanceOf(AblyException.class);
        assertThatThrownBy(() -> ch.unsubscribe(null)).isInstanceOf(AblyException.class);
        assertThatThrownBy(() -> ch.publish((List<Message>) null)).isInstanceOf(AblyException.class);
        assertThatThrownBy(() -> ch.on(null)).isInstanceOf(AblyException.class);
    }
}
