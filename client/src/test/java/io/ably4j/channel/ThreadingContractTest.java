package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AblyFuture;
import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.Subscription;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 §4: client state is decided on the serial executor, not on the caller's thread (RTS3c1, RTL7g, RTP6d),
 * listener registrations are consistent (RTL8), and futures handed to users are theirs: completing, cancelling or
 * obtruding one does not change the client.
 */
@NullUnmarked
class ThreadingContractTest extends ChannelTestSupport {
    private static final ChannelOptions WITH_PARAMS =
            ChannelOptions.builder().params(Map.of("rewind", "1")).build();
    private static final ChannelOptions NO_AUTO_ATTACH =
            ChannelOptions.builder().attachOnSubscribe(false).build();

    @Test
    void RTS3c1_getWithOptionsRacingAnAttachNeverReattaches() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("rts3c1");
        fire(ch.attach()); // queued on the serial executor: the channel is still INITIALIZED for the caller

        RealtimeChannel same = client.channels().get("rts3c1", WITH_PARAMS); // no re-attach needed... as seen here
        rt.drain();

        assertThat(same).isSameAs(ch);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(sent(Action.ATTACH))
                .as("get(name, options) must never re-attach")
                .hasSize(1);
        assertThat(ch.options().params()).isEmpty();
    }

    @Test
    void RTS3c1_getWithOptionsFromTwoThreadsRacingAnAttach() throws InterruptedException {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("rts3c1-threads");
        fire(ch.attach());
        Thread a = new Thread(() -> client.channels().get("rts3c1-threads", WITH_PARAMS));
        Thread b = new Thread(() -> client.channels()
                .get(
                        "rts3c1-threads",
                        ChannelOptions.builder().params(Map.of("rewind", "2")).build()));
        a.start();
        b.start();
        a.join();
        b.join();
        rt.drain();

        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(sent(Action.ATTACH)).hasSize(1);
    }

    @Test
    void RTL7g_subscribeReadsTheOptionsOnTheSerialExecutor() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("rtl7g");
        fire(ch.setOptions(NO_AUTO_ATTACH)); // called first, applied on the serial executor
        ch.subscribe(m -> {});
        rt.drain();

        assertThat(sent(Action.ATTACH)).isEmpty();
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
    }

    @Test
    void RTP6d_presenceSubscribeReadsTheOptionsOnTheSerialExecutor() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("rtp6d");
        fire(ch.setOptions(NO_AUTO_ATTACH));
        ch.presence().subscribe(m -> {});
        rt.drain();

        assertThat(sent(Action.ATTACH)).isEmpty();
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
    }

    private static ProtocolMessage batch(String channel, String... names) {
        List<Message> messages = new ArrayList<>();
        for (String n : names) {
            messages.add(Message.of(n, "x"));
        }
        return ProtocolMessage.builder(Action.MESSAGE)
                .channel(channel)
                .messages(messages)
                .build();
    }

    @Test
    void RTL8a_unsubscribeInsideAListenerStopsTheRestOfTheBatch() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "rtl8a");
        List<String> got = new ArrayList<>();
        AtomicReference<Consumer<Message>> self = new AtomicReference<>();
        Consumer<Message> listener = m -> {
            got.add(m.name());
            ch.unsubscribe(self.get());
        };
        self.set(listener);
        ch.subscribe(listener);

        deliver(batch("rtl8a", "a", "b", "c"));

        assertThat(got).containsExactly("a");
    }

    @Test
    void RTL8_closingASubscriptionInsideAListenerStopsTheRestOfTheBatch() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "rtl8-close");
        List<String> got = new ArrayList<>();
        AtomicReference<Subscription> sub = new AtomicReference<>();
        sub.set(ch.subscribe(m -> {
            got.add(m.name());
            sub.get().close();
        }));

        deliver(batch("rtl8-close", "a", "b"));

        assertThat(got).containsExactly("a");
    }

    @Test
    void RTL8b_unsubscribeByNameInsideAListenerStopsTheRestOfTheBatch() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "rtl8b");
        List<String> got = new ArrayList<>();
        AtomicReference<Consumer<Message>> self = new AtomicReference<>();
        Consumer<Message> listener = m -> {
            got.add(m.name());
            ch.unsubscribe("a", self.get());
        };
        self.set(listener);
        ch.subscribe("a", listener);

        deliver(batch("rtl8b", "a", "a"));

        assertThat(got).containsExactly("a");
    }

    // ---------------------------------------------------------------- futures handed to users are theirs

    @Test
    void RTL6_userCompletingOrObtrudingPublishFuturesDoesNotDisturbAcks() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(m.channel()));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "copies");
        AblyFuture<PublishResult> first = ch.publish("one", "1");
        AblyFuture<PublishResult> second = ch.publish("two", "2");
        AblyFuture<PublishResult> third = ch.publish("three", "3");
        rt.drain();
        first.cancel(true);
        second.obtrudeValue(null);
        third.completeExceptionally(new IllegalStateException("user"));

        deliver(ack(0L, 3));
        AblyFuture<PublishResult> fourth = ch.publish("four", "4");
        rt.drain();
        deliver(ack(3L, 1));

        assertThat(rt.await(fourth)).isNotNull();
        assertThat(sent(Action.MESSAGE)).extracting(ProtocolMessage::msgSerial).containsExactly(0L, 1L, 2L, 3L);
        assertThat(first.isCancelled()).isTrue();
        assertThat(second.join()).isNull();
    }

    @Test
    void RTL4_userCancellingAnAttachFutureLeavesTheChannelConsistent() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("attach-copy");
        AblyFuture<Void> attach = ch.attach();
        attach.cancel(true);
        AblyFuture<Void> again = ch.attach();
        rt.drain();

        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(again).isCompleted();
        assertThat(attach.isCancelled()).isTrue();
        assertThat(sent(Action.ATTACH)).hasSize(1);
        AblyFuture<Void> detach = ch.detach();
        detach.obtrudeException(new CancellationException("user"));
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        rt.await(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
    }
}
